package dev.focusnfix.plugins.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.plugins.guidance.RewardGuidanceOptions.MaskResize;
import dev.focusnfix.plugins.guidance.RewardGuidanceOptions.MaskSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code reward-guidance} extension: options, the result of {@code tune}, and the run folder's record. */
class RewardGuidanceTunerTest {

    private static final SamplingSettings PAPER_SAMPLING = new SamplingSettings(512, 512, 50, 7.5f, 0f);

    @TempDir
    Path temp;

    private TestExtensionContext services;

    @BeforeEach
    void open() {
        services = new TestExtensionContext(temp, temp.resolve("outputs"), 1L);
    }

    @AfterEach
    void close() {
        services.close();
    }

    private TestTuningContext context(Reward reward, RegionMasker region) {
        return new TestTuningContext(
                services, null, reward, region, ToyShapes.NEUTRAL_PROMPTS, PAPER_SAMPLING, temp.resolve("run"));
    }

    @Test
    void describesItself() {
        RewardGuidanceTuner tuner = new RewardGuidanceTuner();
        assertEquals("reward-guidance", tuner.id());
        assertEquals(RewardGuidanceOptions.class, tuner.optionsType());
        assertTrue(tuner.optionsType().isRecord());
        assertTrue(tuner.needsRewardGradient(RewardGuidanceOptions.defaults()));
        assertFalse(tuner.description().isBlank());
    }

    @Test
    void tuneReturnsTheGuidedSamplerAndRecordsTheProcedure() throws Exception {
        TuningResult result = new RewardGuidanceTuner()
                .tune(RewardGuidanceOptions.defaults(), context(new RednessReward(1f), RegionStubs.nothing()));

        TuningResult.GuidedSampling guided = assertInstanceOf(TuningResult.GuidedSampling.class, result);
        RewardGuidedSampler sampler = assertInstanceOf(RewardGuidedSampler.class, guided.sampler());
        assertTrue(sampler.usesRegion());
        assertEquals(RewardGuidanceOptions.defaults(), sampler.options());

        Path record = temp.resolve("run").resolve(ProcedureDescription.FILE_NAME);
        JsonObject json = JsonParser.parseString(Files.readString(record)).getAsJsonObject();
        assertEquals("reward-guidance", json.get("tuner").getAsString());
        assertEquals("RG+RC", json.get("method").getAsString());
        assertEquals(2.0, json.get("lambda").getAsDouble());
        assertEquals(2.0, json.get("gradClip").getAsDouble());
        assertEquals(0.2, json.get("startFraction").getAsDouble(), 1e-6);
        // The paper's "from step 10 of 50".
        assertEquals(50, json.get("steps").getAsInt());
        assertEquals(10, json.get("startStep").getAsInt());
        assertEquals("reference", json.get("maskSource").getAsString());
        assertEquals("area", json.get("maskResize").getAsString());
        assertTrue(json.get("regionActive").getAsBoolean());
        try (Stream<Path> files = Files.list(temp.resolve("run"))) {
            assertEquals(List.of(record), files.toList(), "no temporary file may be left behind");
        }
    }

    @Test
    void withoutARegionOrWithUseRegionOffItIsPlainRewardGuidance() throws Exception {
        RewardGuidanceOptions off =
                new RewardGuidanceOptions(2f, 2f, 0.2f, false, MaskSource.REFERENCE, MaskResize.AREA);
        TuningResult.GuidedSampling switchedOff = (TuningResult.GuidedSampling)
                new RewardGuidanceTuner().tune(off, context(new RednessReward(1f), RegionStubs.nothing()));
        assertFalse(((RewardGuidedSampler) switchedOff.sampler()).usesRegion());
        Path record = temp.resolve("run").resolve(ProcedureDescription.FILE_NAME);
        assertEquals(
                "RG",
                JsonParser.parseString(Files.readString(record))
                        .getAsJsonObject()
                        .get("method")
                        .getAsString());

        TuningResult.GuidedSampling noRegion = (TuningResult.GuidedSampling)
                new RewardGuidanceTuner().tune(RewardGuidanceOptions.defaults(), context(new RednessReward(1f), null));
        assertFalse(((RewardGuidedSampler) noRegion.sampler()).usesRegion());
    }

    @Test
    void refusesARewardWithoutGradient() {
        Reward onnxLike = new Reward() {
            @Override
            public boolean isDifferentiable() {
                return false;
            }

            @Override
            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                throw new AssertionError("never scored");
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RewardGuidanceTuner()
                .tune(RewardGuidanceOptions.defaults(), context(onnxLike, null)));
        assertTrue(e.getMessage().contains("differentiable"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("run").resolve(ProcedureDescription.FILE_NAME)));
    }

    @Test
    void optionsBindFromYamlWithThePaperDefaults() {
        OptionsBinder binder = new OptionsBinder(temp);
        assertEquals(
                RewardGuidanceOptions.defaults(),
                binder.bind(YamlLoader.parse("{}", "test.yaml"), RewardGuidanceOptions.class, "tuner"));
        Object bound = binder.bind(
                YamlLoader.parse(
                        "lambda: 4\ngradClip: 0\nstartFraction: 0.5\nuseRegion: false\nmaskSource: prediction\n"
                                + "maskResize: nearest",
                        "test.yaml"),
                RewardGuidanceOptions.class,
                "tuner");
        assertEquals(new RewardGuidanceOptions(4f, 0f, 0.5f, false, MaskSource.PREDICTION, MaskResize.NEAREST), bound);
        assertThrows(
                ConfigException.class,
                () -> binder.bind(
                        YamlLoader.parse("startFraction: 1.5", "test.yaml"), RewardGuidanceOptions.class, "tuner"));
        assertThrows(
                ConfigException.class,
                () -> binder.bind(YamlLoader.parse("lambda: -1", "test.yaml"), RewardGuidanceOptions.class, "tuner"));
    }

    @Test
    void optionsRefuseValuesOutsideTheirRange() {
        assertThrows(IllegalArgumentException.class, () -> RewardGuidanceOptions.defaults()
                .withLambda(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> RewardGuidanceOptions.defaults()
                .withGradClip(-1f));
        assertThrows(IllegalArgumentException.class, () -> new RewardGuidanceOptions(2f, 2f, 1.01f, true, null, null));
        RewardGuidanceOptions filled = new RewardGuidanceOptions(2f, 2f, 0.2f, true, null, null);
        assertEquals(RewardGuidanceOptions.defaults(), filled);
        assertEquals(10, filled.startStep(50));
        assertEquals(2, filled.startStep(10));
        assertEquals(0, filled.startStep(1));
    }
}
