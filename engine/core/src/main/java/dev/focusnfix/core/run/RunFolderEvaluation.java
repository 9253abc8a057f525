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
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run folder's evaluation, opened where it is evaluated (a Spark executor): the process starts the framework with
 * the same plugins folder (once per process), reads the run folder's resolved {@code experiment.yaml}, validates it
 * and opens its parts and adapter. The run folder and plugins must be on a path every executor sees (a shared file
 * system), or shipped to the same path.
 *
 * @param runDirectory the run folder, absolute
 * @param pluginsDirectories the plugins folders, absolute, joined by the platform's path separator
 */
public record RunFolderEvaluation(String runDirectory, String pluginsDirectories) implements EvaluationSource {

    private static final long serialVersionUID = 1L;

    /** One framework runtime per plugins folder and process; it lives as long as the process (an executor). */
    private static final Map<String, FrameworkRuntime> RUNTIMES = new ConcurrentHashMap<>();

    /** The evaluation of {@code runDir} with plugins from {@code pluginsDirs} (the built-in folder when null). */
    public RunFolderEvaluation(Path runDir, List<Path> pluginsDirs) {
        this(
                runDir.toAbsolutePath().toString(),
                (pluginsDirs == null
                                ? List.of(FrameworkRuntime.pluginsDirectory(null, FrameworkInfo.detect()))
                                : pluginsDirs)
                        .stream()
                                .map(d -> d.toAbsolutePath().toString())
                                .collect(Collectors.joining(File.pathSeparator)));
    }

    @Override
    public String key() {
        return runDirectory + "|" + pluginsDirectories;
    }

    @Override
    public OpenEvaluation open() throws Exception {
        FrameworkRuntime runtime = runtime(pluginsDirectories);
        Path runDir = Path.of(runDirectory);
        ValidatedExperiment validated = runtime.validate(experiment(runDir));
        return runtime.open(validated, RunOptions.existing(runDir)).openEvaluation();
    }

    /** This process's framework runtime with plugins from {@code pluginsDirectories} (joined by the path separator). */
    static FrameworkRuntime runtime(String pluginsDirectories) {
        return RUNTIMES.computeIfAbsent(
                pluginsDirectories,
                dirs -> FrameworkRuntime.start(
                        FrameworkInfo.detect(),
                        Stream.of(dirs.split(File.pathSeparator)).map(Path::of).toList(),
                        ProgressReporter.silent()));
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
