package dev.focusnfix.core.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.TrainingSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code training:} section: its default, its binding from the command line, and its own checks. */
class TrainingSettingTest {

    private static final String EXPERIMENT =
            """
            backbone: {plugin: sd14, model: m, resolution: 64, steps: 2, guidance: 5}
            reward: {plugin: safety}
            tuner: {plugin: draft}
            prompts: {train: [a], eval: [b]}
            """;

    @TempDir
    Path dir;

    private Experiment load(String... overrides) throws Exception {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, EXPERIMENT);
        return ExperimentLoader.load(file, List.of(overrides));
    }

    @Test
    void theDefaultTrainsInThisProcess() throws Exception {
        TrainingSection training = load().spec().training();
        assertEquals(new TrainingSection("local", 1), training);
        assertFalse(training.onSpark());
    }

    @Test
    void bindsSparkWorkersAsTheCommandLineGivesThem() throws Exception {
        TrainingSection training =
                load("training={engine: spark, workers: 4}").spec().training();
        assertEquals(new TrainingSection("spark", 4), training);
        assertTrue(training.onSpark());
    }

    @Test
    void refusesWhatCannotTrain() {
        String[][] cases = {
            {"training.engine=flink", "'local' or 'spark'"},
            {"training={engine: spark, workers: 0}", "at least 1"},
            {"training.workers=2", "needs training.engine: spark"}
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("training"), e.getMessage());
        }
    }
}
