package dev.focusnfix.cli;

import dev.focusnfix.api.RunLayout;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Reads a run folder's resolved experiment back, with paths resolved as in the original experiment file. */
final class RunFolder {

    private RunFolder() {}

    /** The validated experiment of a run folder. */
    static ValidatedExperiment load(FrameworkRuntime runtime, Path runDir) throws IOException {
        return load(runtime, runDir, List.of());
    }

    /** The validated experiment of a run folder with overrides (the execution engine's). */
    static ValidatedExperiment load(FrameworkRuntime runtime, Path runDir, List<String> overrides) throws IOException {
        Path yaml = runDir.resolve(RunLayout.EXPERIMENT);
        if (!Files.isRegularFile(yaml)) {
            throw new BadInputException(runDir + " is not a run folder (no " + RunLayout.EXPERIMENT + "); give the "
                    + "folder 'framework run' wrote, e.g. runs/quickstart");
        }
        Path baseDir = runDir;
        Path info = runDir.resolve(RunLayout.RUN_INFO);
        if (Files.exists(info)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(info, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            baseDir = Path.of(p.getProperty("experimentDirectory", runDir.toString()));
        }
        Experiment exp = ExperimentLoader.load(yaml, baseDir, overrides);
        return runtime.validate(exp);
    }
}
