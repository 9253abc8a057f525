package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.ExperimentValidator;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.core.run.ExperimentRunner;
import dev.focusnfix.core.services.RunScope;
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
        Path yaml = runDir.resolve("experiment.yaml");
        if (!Files.isRegularFile(yaml)) {
            throw new BadInputException(runDir + " is not a run folder (no experiment.yaml); give the folder "
                    + "'framework run' wrote, e.g. runs/quickstart");
        }
        Path baseDir = runDir;
        Path info = runDir.resolve(ExperimentRunner.RUN_INFO);
        if (Files.exists(info)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(info, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            baseDir = Path.of(p.getProperty("experimentDirectory", runDir.toString()));
        }
        Experiment exp = ExperimentLoader.load(yaml, baseDir, List.of());
        runtime.injector().getInstance(RunScope.class).enter(
                new dev.focusnfix.api.services.DeviceSettings(ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.FLOAT32),
                baseDir, runDir.toAbsolutePath());
        return new ExperimentValidator(runtime.host().registry(),
                runtime.injector().getInstance(ModelLocator.class)).validate(exp);
    }
}
