package dev.focusnfix.plugins.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import dev.focusnfix.sdk.training.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The options bind from YAML as the framework binds them: defaults, kebab-case enums, nested LoRA options. */
class DraftOptionsBindingTest {

    private final OptionsBinder binder = new OptionsBinder(Path.of("."));

    private DraftOptions bind(String yaml) {
        return binder.bind(YamlLoader.parse(yaml, "test"), DraftOptions.class, "tuner.options");
    }

    @Test
    void defaultsAreThePapers() {
        DraftOptions o = bind("{}");
        assertEquals(DraftOptions.Variant.K, o.variant());
        assertEquals(2, o.truncation());
        assertEquals(2e-5, o.training().learningRate());
        assertEquals(LearningRateSchedule.INVERSE_SQRT, o.training().schedule());
        assertEquals(64, o.training().lora().rank());
        assertEquals(LoraSpec.DEFAULT_TARGETS, o.training().lora().targets());
        assertFalse(o.training().forceResume());
        TrainingSettings s = o.training().settings();
        assertEquals(0.9, s.adam().beta1());
        assertEquals(0.01, s.adam().weightDecay());
    }

    @Test
    void everyOptionBinds() {
        DraftOptions o = bind(
                """
                lora: {rank: 8, alpha: 4, targets: [to_q, to_v]}
                variant: lv
                lvSamples: 3
                truncation: 0
                learningRate: 1e-4
                schedule: cosine
                weightDecay: 0
                gradClip: 2
                steps: 10
                batchSize: 2
                gradientAccumulation: 4
                checkpointEvery: 5
                keepCheckpoints: 1
                maxNonFiniteInARow: 7
                forceResume: true
                """);
        assertEquals(
                new LoraSpec(8, 4f, List.of("to_q", "to_v")),
                o.training().lora().toSpec());
        assertEquals(DraftOptions.Variant.LV, o.variant());
        assertEquals(3, o.lvSamples());
        assertEquals(LearningRateSchedule.COSINE, o.training().schedule());
        TrainingSettings s = o.training().settings();
        assertEquals(10, s.steps());
        assertEquals(4, s.gradientAccumulation());
        assertEquals(7, s.maxNonFiniteInARow());
        assertEquals(true, s.forceResume());
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(ConfigException.class, () -> bind("schedule: linear"));
        assertThrows(ConfigException.class, () -> bind("learningRate: 0"));
        assertThrows(ConfigException.class, () -> bind("truncation: -1"));
    }

    @Test
    void theTunerReportsKAndNoBeta() {
        assertEquals(java.util.Map.of("K", 0.0), new DraftTuner().tableParameters(bind("truncation: 0")));
    }
}
