package dev.focusnfix.plugins.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The options records bind from YAML as the host binds them, and their YAML defaults equal the Java defaults. */
class OptionsBindingTest {

    private final OptionsBinder binder = new OptionsBinder(Path.of("."));

    private <T> T bind(String yaml, Class<T> type) {
        return binder.bind(YamlLoader.parse(yaml, "test.yaml"), type, "region");
    }

    @Test
    void emptySectionsGiveTheDocumentedDefaults() {
        assertEquals(PostProcessing.defaults(), bind("{}", PostProcessing.class));
        assertEquals(SaliencyRegion.Options.defaults(), bind("{}", SaliencyRegion.Options.class));
        assertEquals(OcclusionRegion.Options.defaults(), bind("{}", OcclusionRegion.Options.class));
        assertEquals(new HeatmapRegion.Options(0.5f, 0, Optional.empty()), bind("{}", HeatmapRegion.Options.class));
        assertEquals(new FullRegion.Options(Optional.empty()), bind("{}", FullRegion.Options.class));
        assertEquals(
                new FileRegion.Options("mask.png", Optional.of(0.5f), Optional.empty()),
                bind("path: mask.png", FileRegion.Options.class));
    }

    @Test
    void nestedPostProcessingAndEnumsBind() {
        SaliencyRegion.Options options = bind(
                """
                smoothGradSamples: 0
                postprocess:
                  thresholdMode: quantile
                  threshold: 0.9
                  maxComponents: 1
                saveTo: masks
                """,
                SaliencyRegion.Options.class);
        assertEquals(0, options.smoothGradSamples());
        assertEquals(
                PostProcessing.ThresholdMode.QUANTILE, options.postprocess().thresholdMode());
        assertEquals(0.9f, options.postprocess().threshold());
        assertEquals(1, options.postprocess().maxComponents());
        assertEquals(16, options.postprocess().smoothingKernel(), "unset keys keep their defaults");
        assertEquals(Optional.of("masks"), options.saveTo());
        assertEquals(
                OcclusionRegion.Change.RISE,
                bind("change: rise", OcclusionRegion.Options.class).change());
        assertEquals(
                Optional.empty(),
                bind("{path: m.png, threshold: null}", FileRegion.Options.class).threshold());
    }

    @Test
    void invalidValuesAreReportedWithTheirKey() {
        ConfigException connectivity = assertThrows(
                ConfigException.class, () -> bind("postprocess: {connectivity: 6}", SaliencyRegion.Options.class));
        assertTrue(connectivity.getMessage().contains("connectivity"), connectivity.getMessage());
        assertThrows(ConfigException.class, () -> bind("threshold: 1.5", HeatmapRegion.Options.class));
        assertThrows(ConfigException.class, () -> bind("{path: m.png, threshold: 2}", FileRegion.Options.class));
        assertThrows(ConfigException.class, () -> bind("{}", FileRegion.Options.class));
    }
}
