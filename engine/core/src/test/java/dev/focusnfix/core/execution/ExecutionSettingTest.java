package dev.focusnfix.core.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.experiment.ExecutionSection;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code execution:} section: its default, its binding, its checks, and the engine it selects. */
class ExecutionSettingTest {

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
    void theDefaultIsTheLocalEngine() throws Exception {
        assertEquals(ExecutionSection.local(), load().spec().execution());
        assertInstanceOf(LocalItemEngine.class, ItemEngines.create(ExecutionSection.local(), () -> {
            throw new AssertionError("the local engine needs no source");
        }));
    }

    @Test
    void bindsASparkMasterAsTheCommandLineGivesIt() throws Exception {
        ExecutionSection e = load("execution.engine=spark", "execution.master='local[2,3]'")
                .spec()
                .execution();
        assertEquals(new ExecutionSection("spark", Optional.of("local[2,3]"), 0), e);
    }

    @Test
    void anUnknownEngineIsRefusedNamingTheChoices() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("execution.engine=flink"));
        assertTrue(e.getMessage().contains("'local' or 'spark'"), e.getMessage());
    }

    @Test
    void sparkWithoutItsJarsSaysHowToAddThem() {
        // framework-spark is not on framework-core's test class path
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ItemEngines.create(new ExecutionSection("spark", Optional.of("local[2]"), 0), () -> null));
        assertTrue(e.getMessage().contains("--spark-master") && e.getMessage().contains("lib/spark/"), e.getMessage());
    }

    @Test
    void itemsHaveStableFileNamesAndSayWhichImageTheyAre() {
        WorkItem image = WorkItem.image("quickstart-beta2", 3, "a red circle", 1001);
        assertEquals("image-003-seed1001", image.id());
        assertEquals("quickstart-beta2: prompt 3 'a red circle', seed 1001", image.describe());
        assertEquals(
                "probe1-000-seed7",
                WorkItem.probe("v", 1, "still red", 0, "a red square", 7).id());
    }
}
