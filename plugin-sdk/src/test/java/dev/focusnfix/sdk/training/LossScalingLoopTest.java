package dev.focusnfix.sdk.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.MetricsRecord;
import dev.focusnfix.api.RunLayout;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.training.checkpoint.Checkpoint;
import dev.focusnfix.training.checkpoint.CheckpointStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic loss scaling in the training loop, on the CPU in float32 with {@code lossScaling: dynamic} (float16
 * training turns it on by itself; its arithmetic is the same): the scaled loss gives the unscaled run's adapter bit
 * for bit (powers of two scale float gradients exactly), an overflow skips its step and halves the scale without
 * counting as a failure, a run of good steps doubles it, {@code metrics.jsonl} records both, and checkpoints keep
 * the scale for a resumed run.
 */
class LossScalingLoopTest {

    private static final SamplingSettings SAMPLING = new SamplingSettings(32, 32, 3, 2f, 0f);
    /**
     * The float16 runs sample at 64x64: at 32x32 tiny-sd's latents are 4x4 and its deepest level works on single
     * cells, where float16 group norms lose most of the gradient (19x too small a norm, measured); at 64x64 the
     * float16 gradient norm is within 0.2% of float32's.
     */
    private static final SamplingSettings HALF_SAMPLING = new SamplingSettings(64, 64, 3, 2f, 0f);

    private static final List<String> PROMPTS = List.of("a red circle", "a blue square");

    @TempDir
    Path temp;

    private TestExtensionContext services;

    @BeforeEach
    void open() {
        services = new TestExtensionContext(TestData.root(), temp, 77L);
    }

    @AfterEach
    void close() {
        services.close();
    }

    private static TrainingSettings settings(int steps, LossScaling scaling) {
        return new TrainingSettings(
                        new LoraSpec(2, 2f, LoraSpec.DEFAULT_TARGETS),
                        steps,
                        1,
                        1,
                        5e-3,
                        LearningRateSchedule.CONSTANT,
                        AdamSettings.withWeightDecay(0.01),
                        1.0,
                        1,
                        0,
                        1,
                        false)
                .withLossScaling(scaling);
    }

    private TestTuningContext context(String run, boolean resume) {
        return context(run, resume, SAMPLING);
    }

    private TestTuningContext context(String run, boolean resume, SamplingSettings sampling) {
        return new TestTuningContext(
                services,
                ProgressReporter.silent(),
                null,
                new TinyModels.WeightedPixelReward(3),
                null,
                PROMPTS,
                sampling,
                temp.resolve(run),
                resume,
                "experiment-1");
    }

    /** Trains on a freshly opened tiny-sd with the step {@code step} makes of the context. */
    private Path train(
            TestTuningContext context, TrainingSettings settings, Function<TestTuningContext, MicroBatchStep> step)
            throws Exception {
        try (LatentDiffusionPipeline pipeline = TinyModels.tinySd(SAMPLING)) {
            TestTuningContext withBackbone = context.withBackbone(pipeline);
            return new TrainingLoop("test", settings, withBackbone)
                    .run(step.apply(withBackbone))
                    .file();
        }
    }

    private List<JsonObject> metrics(String run) throws Exception {
        return Files.readAllLines(temp.resolve(run).resolve(RunLayout.METRICS), StandardCharsets.UTF_8).stream()
                .map(line -> JsonParser.parseString(line).getAsJsonObject())
                .toList();
    }

    @Test
    void aScaledLossGivesTheUnscaledAdapterBitForBitAndTheScaleGrowsAfterItsInterval() throws Exception {
        Path plain = train(
                context("plain", false),
                settings(3, new LossScaling(LossScaling.Mode.OFF, 1, 1)),
                c -> new DraftKStep(c, 2));
        Path scaled = train(
                context("scaled", false),
                settings(3, new LossScaling(LossScaling.Mode.DYNAMIC, 1024, 2)),
                c -> new DraftKStep(c, 2));
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(scaled));

        for (JsonObject line : metrics("plain")) {
            assertFalse(line.has(MetricsRecord.LOSS_SCALE), "a run without loss scaling writes no scale: " + line);
        }
        List<JsonObject> lines = metrics("scaled");
        assertEquals(List.of(1024.0, 1024.0, 2048.0), scales(lines));
        assertEquals(List.of("kept", "grew", "kept"), events(lines));
        for (JsonObject line : lines) {
            assertFalse(line.has(MetricsRecord.SKIPPED), "no step may be skipped: " + line);
        }
    }

    /**
     * A step whose loss is {@code 1000 * sum(adapters)} times the loss scale: every gradient value is
     * {@code 1000 * scale}, which overflows float32 (3.4e38) from a scale of 2^119 on.
     */
    private static MicroBatchStep overflowingAbove2To118(TestTuningContext context) {
        return batch -> {
            Map<String, NDArray> parameters =
                    new TreeMap<>(context.backbone().adapters().trainable());
            try (NDManager scratch = context.manager().newSubManager();
                    GradientCollector collector = scratch.getEngine().newGradientCollector()) {
                NDArray loss = null;
                for (NDArray p : parameters.values()) {
                    NDArray term = p.sum();
                    loss = loss == null ? term : loss.add(term);
                }
                collector.backward(Scalars.mul(loss, 1000 * batch.lossScale()));
            }
            return new ObjectiveValue(1, 1, 0);
        };
    }

    @Test
    void anOverflowSkipsItsStepAndHalvesTheScaleWithoutStoppingTheRun() throws Exception {
        // maxNonFiniteInARow is 1: a non-finite step that counted would stop the run.
        Path scaled = train(
                context("overflow", false),
                settings(3, new LossScaling(LossScaling.Mode.DYNAMIC, 0x1p120, 100)),
                LossScalingLoopTest::overflowingAbove2To118);
        List<JsonObject> lines = metrics("overflow");
        assertEquals(List.of(0x1p120, 0x1p119, 0x1p118), scales(lines));
        assertEquals(List.of("shrank", "shrank", "kept"), events(lines));
        assertTrue(
                lines.get(0).get(MetricsRecord.SKIPPED).getAsString().contains("overflowed"),
                lines.get(0).toString());
        assertTrue(lines.get(1).has(MetricsRecord.SKIPPED));
        assertFalse(lines.get(2).has(MetricsRecord.SKIPPED));

        // The one applied update is the unscaled gradient's: the same adapter as one step without scaling.
        Path plain = train(
                context("one-step", false),
                settings(1, new LossScaling(LossScaling.Mode.OFF, 1, 1)),
                LossScalingLoopTest::overflowingAbove2To118);
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(scaled));

        // Steps 1 and 2 wrote no checkpoint (skipped); step 3's holds the scale for the next step.
        CheckpointStore store = new CheckpointStore(temp.resolve("overflow").resolve(RunLayout.CHECKPOINTS));
        assertEquals(List.of(store.fileFor(3)), store.list());
        try (NDManager m = services.manager().newSubManager();
                Checkpoint checkpoint = store.load(store.fileFor(3), m)) {
            assertEquals(0x1p118, checkpoint.state().lossScale());
            assertEquals(1, checkpoint.state().lossScaleGoodSteps());
            assertEquals(1, checkpoint.state().optimizerUpdates());
        }
    }

    @Test
    void aResumedRunContinuesWithTheCheckpointsScale() throws Exception {
        LossScaling scaling = new LossScaling(LossScaling.Mode.DYNAMIC, 0x1p120, 100);
        train(context("resumed", false), settings(3, scaling), LossScalingLoopTest::overflowingAbove2To118);
        train(context("resumed", true), settings(5, scaling), LossScalingLoopTest::overflowingAbove2To118);
        List<JsonObject> lines = metrics("resumed");
        assertEquals(List.of(0x1p120, 0x1p119, 0x1p118, 0x1p118, 0x1p118), scales(lines));
        assertEquals(List.of("shrank", "shrank", "kept", "kept", "kept"), events(lines));
    }

    /** Trains tiny-sd loaded in float16 with DRaFT-2. */
    private Path trainFloat16(String run, TrainingSettings settings) throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                TestData.path("tiny-sd"), null, HALF_SAMPLING, services.device(), DataType.FLOAT16)) {
            TestTuningContext context = context(run, false, HALF_SAMPLING).withBackbone(pipeline);
            return new TrainingLoop("test", settings, context)
                    .run(new DraftKStep(context, 2))
                    .file();
        }
    }

    @Test
    void float16TrainingScalesItsLossByItselfAndOverflowsAtPyTorchsFirstScale() throws Exception {
        trainFloat16("float16", settings(3, LossScaling.DEFAULT));
        List<JsonObject> lines = metrics("float16");
        // The loss's gradient enters the float16 graph as the scale itself: 65536 is above float16's largest value
        // (65504), so the first step overflows, as it does in PyTorch, and the scale halves.
        assertEquals(List.of(65536.0, 32768.0, 32768.0), scales(lines));
        assertEquals(List.of("shrank", "kept", "kept"), events(lines));
        assertTrue(lines.get(0).has(MetricsRecord.SKIPPED));
        assertFalse(lines.get(1).has(MetricsRecord.SKIPPED));
        assertFalse(lines.get(2).has(MetricsRecord.SKIPPED));
    }

    @Test
    void float16TrainingOfFloat32MasterAdaptersFollowsTheFloat32Run() throws Exception {
        // Float32 does not scale its loss by default; float16 starts where it does not overflow, so both apply
        // every update.
        Path full;
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                TestData.path("tiny-sd"), null, HALF_SAMPLING, services.device(), DataType.FLOAT32)) {
            TestTuningContext context = context("float32", false, HALF_SAMPLING).withBackbone(pipeline);
            full = new TrainingLoop("test", settings(3, LossScaling.DEFAULT), context)
                    .run(new DraftKStep(context, 2))
                    .file();
        }
        Path half = trainFloat16("float16", settings(3, new LossScaling(LossScaling.Mode.AUTO, 1024, 2000)));

        for (JsonObject line : metrics("float32")) {
            assertFalse(line.has(MetricsRecord.LOSS_SCALE), "float32 does not scale its loss: " + line);
        }
        List<JsonObject> halfLines = metrics("float16");
        List<JsonObject> fullLines = metrics("float32");
        assertEquals(List.of("kept", "kept", "kept"), events(halfLines));
        // Step 1 starts from the same adapters: its reward (the forward pass) and its unscaled gradient norm (the
        // backward pass through the float16 UNet into the float32 adapters, divided by the scale) match float32's to
        // float16 precision. A cut graph would give no gradient, a scale left in it a norm 1024x too large.
        double rewardError = relativeDifference(fullLines.get(0), halfLines.get(0), MetricsRecord.REWARD);
        double normError = relativeDifference(fullLines.get(0), halfLines.get(0), MetricsRecord.GRAD_NORM);
        System.out.printf(
                "float16 vs float32, step 1: reward %.3e, gradient norm %.3e relative%n", rewardError, normError);
        assertTrue(rewardError < 1e-2, "reward relative difference " + rewardError);
        assertTrue(normError < 1e-2, "gradient norm relative difference " + normError);
        // After 3 AdamW updates the float32 master adapters of the float16 run stay within float16 precision of the
        // float32 run's (measured: 5e-3 relative).
        double diff = 0;
        double norm = 0;
        try (NDManager m = services.manager().newSubManager();
                StateDict x = StateDict.read(full, m, DataType.FLOAT32);
                StateDict y = StateDict.read(half, m, DataType.FLOAT32)) {
            assertEquals(x.keys(), y.keys());
            for (String key : x.keys()) {
                float[] u = x.get(key).toFloatArray();
                float[] v = y.get(key).toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    assertTrue(Float.isFinite(v[i]), key);
                    diff += ((double) u[i] - v[i]) * ((double) u[i] - v[i]);
                    norm += (double) u[i] * u[i];
                }
            }
        }
        double relative = Math.sqrt(diff / norm);
        System.out.printf("float16 vs float32 adapter after 3 steps: relative L2 %.3e%n", relative);
        assertTrue(relative < 2e-2, "relative L2 " + relative);
    }

    private static double relativeDifference(JsonObject expected, JsonObject actual, String key) {
        double e = expected.get(key).getAsDouble();
        return Math.abs(actual.get(key).getAsDouble() - e) / Math.abs(e);
    }

    private static List<Double> scales(List<JsonObject> lines) {
        return lines.stream()
                .map(l -> l.get(MetricsRecord.LOSS_SCALE).getAsDouble())
                .toList();
    }

    private static List<String> events(List<JsonObject> lines) {
        return lines.stream()
                .map(l -> l.get(MetricsRecord.LOSS_SCALE_EVENT).getAsString())
                .toList();
    }
}
