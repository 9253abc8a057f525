package dev.focusnfix.plugins.focusnfix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The options bind from YAML as the framework binds them. */
class FocusNFixOptionsBindingTest {

    private final OptionsBinder binder = new OptionsBinder(Path.of("."));

    private FocusNFixOptions bind(String yaml) {
        return binder.bind(YamlLoader.parse(yaml, "test"), FocusNFixOptions.class, "tuner.options");
    }

    @Test
    void defaultsAreThePapers() {
        FocusNFixOptions o = bind("{}");
        assertEquals(5e-4, o.beta());
        assertEquals(0, o.referencePool());
        assertEquals(2, o.truncation());
        assertEquals(2e-5, o.training().learningRate());
        assertEquals(LearningRateSchedule.INVERSE_SQRT, o.training().schedule());
        assertEquals(64, o.training().lora().rank());
    }

    @Test
    void optionsBindAndBadValuesAreRefused() {
        FocusNFixOptions o = bind("{beta: 1e-3, referencePool: 16, schedule: constant, lora: {rank: 4}}");
        assertEquals(1e-3, o.beta());
        assertEquals(16, o.referencePool());
        assertEquals(4, o.training().lora().rank());
        assertEquals(64f, o.training().lora().alpha());
        assertThrows(ConfigException.class, () -> bind("beta: -1"));
        assertThrows(ConfigException.class, () -> bind("referencePool: -2"));
    }

    @Test
    void theTunerReportsBetaAndKForComparisonTables() {
        FocusNFixOptions o = bind("{beta: 2.5e-4, truncation: 3, steps: 7}");
        assertEquals(7, o.training().steps());
        assertEquals(
                java.util.List.of("beta", "K"),
                java.util.List.copyOf(new FocusNFixTuner().tableParameters(o).keySet()));
        assertEquals(2.5e-4, new FocusNFixTuner().tableParameters(o).get("beta"));
        assertEquals(3.0, new FocusNFixTuner().tableParameters(o).get("K"));
    }
}
