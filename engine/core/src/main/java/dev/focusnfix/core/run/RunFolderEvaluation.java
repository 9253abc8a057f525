package dev.focusnfix.core.run;

import dev.focusnfix.api.RunLayout;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.execution.EvaluationSource;
import dev.focusnfix.core.execution.OpenEvaluation;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.services.FrameworkInfo;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run folder's evaluation, opened where it is evaluated (a Spark executor): the process starts the framework with
 * the same plugins folder (once per process), reads the run folder's resolved {@code experiment.yaml}, validates it
 * and opens its parts and adapter. The run folder and plugins must be on a path every executor sees (a shared file
 * system), or shipped to the same path.
 *
 * @param runDirectory the run folder, absolute
 * @param pluginsDirectory the plugins folder, absolute
 */
public record RunFolderEvaluation(String runDirectory, String pluginsDirectory) implements EvaluationSource {

    private static final long serialVersionUID = 1L;

    /** One framework runtime per plugins folder and process; it lives as long as the process (an executor). */
    private static final Map<String, FrameworkRuntime> RUNTIMES = new ConcurrentHashMap<>();

    /** The evaluation of {@code runDir} with plugins from {@code pluginsDir}. */
    public RunFolderEvaluation(Path runDir, Path pluginsDir) {
        this(runDir.toAbsolutePath().toString(), pluginsDir == null
                ? FrameworkRuntime.pluginsDirectory(null, FrameworkInfo.detect()).toAbsolutePath().toString()
                : pluginsDir.toAbsolutePath().toString());
    }

    @Override
    public String key() {
        return runDirectory + "|" + pluginsDirectory;
    }

    @Override
    public OpenEvaluation open() throws Exception {
        FrameworkRuntime runtime = RUNTIMES.computeIfAbsent(pluginsDirectory, dir -> FrameworkRuntime.start(
                FrameworkInfo.detect(), Path.of(dir), ProgressReporter.silent()));
        Path runDir = Path.of(runDirectory);
        ValidatedExperiment validated = runtime.validate(experiment(runDir));
        return runtime.open(validated, RunOptions.existing(runDir)).openEvaluation();
    }

    /** A run folder's resolved experiment, with paths resolved as in the original experiment file. */
    static Experiment experiment(Path runDir) throws IOException {
        Path yaml = runDir.resolve(RunLayout.EXPERIMENT);
        Path baseDir = runDir;
        Path info = runDir.resolve(RunLayout.RUN_INFO);
        if (Files.exists(info)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(info, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            baseDir = Path.of(p.getProperty("experimentDirectory", runDir.toString()));
        }
        return ExperimentLoader.load(yaml, baseDir, List.of());
    }
}
