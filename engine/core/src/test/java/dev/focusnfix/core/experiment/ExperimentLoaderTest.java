package dev.focusnfix.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLoaderTest {

    static final String VALID =
            """
            name: demo
            seed: 7
            device: cpu
            backbone:
              plugin: sd14
              model: models/tiny
              resolution: 64
              steps: 10
              guidance: 5
            reward:
              plugin: safety
              scale: 2
            tuner:
              plugin: focus-n-fix
              beta: 5.0e-4
            prompts:
              train: [a circle on a blue background, a square on a green background]
              eval: eval-prompts.txt
            evaluation:
              seeds: [1, 2, 3]
            output: out
            """;

    @TempDir
    Path dir;

    private Experiment load(String yaml, String... overrides) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, yaml);
        Files.writeString(dir.resolve("eval-prompts.txt"), "# held out\na triangle on a white background\n\n");
        return ExperimentLoader.load(file, List.of(overrides));
    }

    private ConfigException fails(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> load(yaml, overrides));
    }

    @Test
    void bindsEveryFrameworkSection() throws IOException {
        Experiment e = load(VALID);
        ExperimentSpec s = e.spec();
        assertEquals("demo", e.name());
        assertEquals(7, s.seed());
        assertEquals(-1, s.device().gpuIndex());
        assertEquals("sd14", s.backbone().component().plugin());
        assertEquals(64, s.backbone().common().sampling(512).height());
        assertEquals(10, s.backbone().common().steps());
        assertEquals(5f, s.backbone().common().guidance());
        assertEquals("safety", s.reward().plugin());
        assertEquals(java.util.Set.of("scale"), s.reward().options().keys());
        assertEquals(java.util.Set.of("beta"), s.tuner().options().keys());
        assertEquals(2, s.prompts().train().prompts().size());
        assertEquals(
                List.of("a triangle on a white background"),
                s.prompts().evaluation().prompts());
        assertEquals(List.of(1L, 2L, 3L), s.evaluation().seeds());
        assertEquals(dir.resolve("out").resolve("demo"), e.runDirectory(), "relative to the YAML file's folder");
    }

    @Test
    void syntaxErrorNamesFileLineAndColumn() {
        ConfigException e = fails("seed: 1\nbackbone: [unclosed\n");
        assertTrue(e.getMessage().startsWith("exp.yaml:3:1: YAML syntax error"), e.getMessage());
    }

    @Test
    void unknownKeySuggestsTheNearestValidOne() {
        ConfigException e = fails(VALID.replace("seed: 7", "sead: 7"));
        assertEquals("exp.yaml:2:1: sead: unknown key; did you mean 'seed'?", e.getMessage());
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        ConfigException e = fails(VALID.replace("steps: 10", "steps: many"));
        assertEquals("exp.yaml:8:10: backbone.steps: expected a whole number, got the text 'many'", e.getMessage());
    }

    @Test
    void missingRequiredValueNamesTheKeyPath() {
        ConfigException e = fails(VALID.replace("  model: models/tiny\n", ""));
        assertEquals("exp.yaml:5:3: backbone.model: missing required value (a text value)", e.getMessage());
    }

    @Test
    void missingPluginIdIsReported() {
        ConfigException e = fails(VALID.replace("  plugin: safety\n", ""));
        assertTrue(e.getMessage().startsWith("exp.yaml:11:3: reward.plugin: missing required value"), e.getMessage());
    }

    @Test
    void outOfRangeValueNamesTheBounds() {
        ConfigException e = fails(VALID.replace("steps: 10", "steps: 0"));
        assertEquals("exp.yaml:8:10: backbone.steps: value 0 is outside [1, 1000]", e.getMessage());
    }

    @Test
    void duplicateKeysAreErrorsNamingBothLines() {
        ConfigException e = fails(VALID.replace("seed: 7", "seed: 7\nseed: 8"));
        assertEquals("exp.yaml:3:1: seed: duplicate key (first written at line 2)", e.getMessage());
    }

    @Test
    void badDeviceListsTheAcceptedForms() {
        ConfigException e = fails(VALID.replace("device: cpu", "device: tpu"));
        assertEquals("exp.yaml:3:9: device: unknown device 'tpu'; expected auto, cpu, gpu or gpu:N", e.getMessage());
    }

    @Test
    void unknownEnumValueSuggests() {
        ConfigException e = fails(VALID.replace("device: cpu", "device: cpu\ndtype: float33"));
        assertEquals(
                "exp.yaml:4:8: dtype: unknown value 'float33': did you mean 'float32' or 'float16'?", e.getMessage());
    }

    @Test
    void setOverridesAnyValueAndBindsItWithTheSameRules() throws IOException {
        Experiment e = load(
                VALID,
                "seed=11",
                "tuner.beta=1e-3",
                "backbone.steps=20",
                "evaluation.seeds=[5]",
                "reward.threshold=0.5");
        assertEquals(11, e.spec().seed());
        assertEquals(20, e.spec().backbone().common().steps());
        assertEquals(List.of(5L), e.spec().evaluation().seeds());
        assertEquals(
                1e-3,
                ((Number) ((dev.focusnfix.core.config.ConfigScalar)
                                        e.spec().tuner().options().get("beta"))
                                .value())
                        .doubleValue(),
                0);
        assertTrue(e.spec().reward().options().keys().contains("threshold"));
    }

    @Test
    void badOverrideNamesTheCommandLine() {
        ConfigException e = fails(VALID, "backbone.steps=lots");
        assertEquals(
                "--set backbone.steps=lots: backbone.steps: expected a whole number, got the text 'lots'",
                e.getMessage());
        ConfigException noValue = fails(VALID, "seed");
        assertTrue(noValue.getMessage().contains("expected key.path=value"), noValue.getMessage());
    }

    @Test
    void missingExperimentFileIsClear() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> ExperimentLoader.load(dir.resolve("nope.yaml"), List.of()));
        assertTrue(e.getMessage().contains("nope.yaml does not exist"), e.getMessage());
    }

    @Test
    void missingPromptFileIsClear() {
        ConfigException e = fails(VALID.replace("eval: eval-prompts.txt", "eval: other.txt"));
        assertTrue(
                e.getMessage().startsWith("exp.yaml:18:9: prompts.eval: prompt file ")
                        && e.getMessage().contains("other.txt does not exist"),
                e.getMessage());
    }
}
