package dev.focusnfix.sdk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.pipeline.Sampler;
import dev.focusnfix.training.optim.AdamW;
import dev.focusnfix.training.optim.AdapterGradients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stage-wise back-propagation with step-level checkpointing gives the gradients of one backward pass through the
 * whole last-K chain, and its memory footprint is one stage's whatever K is.
 */
class TruncatedBackpropTest {

    private static final SamplingSettings SETTINGS = new SamplingSettings(32, 32, 4, 3f, 0f);
    private static final PromptBatch PROMPTS = PromptBatch.of(List.of("a red circle", "a blue square"));

    private static LatentDiffusionPipeline pipeline;
    private static NDManager manager;
    private static Map<String, NDArray> adapters;

    @BeforeAll
    static void open() throws Exception {
        pipeline = TinyModels.tinySd(SETTINGS);
        manager = NDManager.newBaseManager(Device.cpu());
        pipeline.adapters().attach(new LoraSpec(2, 2f, LoraSpec.DEFAULT_TARGETS), 7);
        adapters = pipeline.adapters().trainable();
        // B starts at zero, which would make every A gradient zero: give both random values.
        long seed = 100;
        for (Map.Entry<String, NDArray> e : adapters.entrySet()) {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray noise = GaussianNoise.standardNormal(
                        seed++, e.getValue().getShape(), scratch, e.getValue().getDataType());
                AdamW.copyInto(
                        e.getValue(), noise.mul(scratch.full(new ai.djl.ndarray.types.Shape(), 0.2f)), e.getKey());
            }
        }
    }

    @AfterAll
    static void close() {
        manager.close();
        pipeline.close();
    }

    @BeforeEach
    void zeroGradients() {
        new AdapterGradients(adapters).zero();
    }

    private static Objective objective() {
        return new RewardObjective(pipeline, new TinyModels.WeightedPixelReward(5), PROMPTS);
    }

    @Test
    void stageWiseGradientsEqualOneBackwardPassThroughTheLastKSteps() {
        int k = 2;
        Map<String, float[]> stageWise;
        Map<String, float[]> direct;
        try (NDManager run = manager.newSubManager();
                Conditioning c = pipeline.encodePrompts(PROMPTS, run)) {
            NDArray xT = pipeline.initialLatents(2, SETTINGS, 11, run);
            TruncatedBackprop backprop = new TruncatedBackprop(pipeline, SETTINGS);
            // A garbage collection before every stage's backward pass must not change the gradients.
            backprop.setListener(stage -> TinyModels.garbageChurn());
            ObjectiveValue value = backprop.run(c, xT, 0, k, 0L, objective());
            assertTrue(value.isFinite(), "objective " + value);
            stageWise = TinyModels.gradients(adapters);
            new AdapterGradients(adapters).zero();

            // The reference: the first steps without gradients, then one graph through the last K steps.
            Sampler sampler = Sampler.of(pipeline);
            NDArray start = sampler.sampleSteps(c, xT, SETTINGS, 0, SETTINGS.steps() - k, 0L, null);
            start.setRequiresGradient(true);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray last =
                        sampler.sampleSteps(c, start, SETTINGS, SETTINGS.steps() - k, SETTINGS.steps(), 0L, null);
                Objective.Terms terms = objective().evaluate(last);
                assertEquals(value.objective(), ObjectiveValue.of(terms).objective(), 1e-6);
                TinyModels.garbageChurn();
                collector.backward(terms.objective().neg());
            }
            direct = TinyModels.gradients(adapters);
        }
        List<String> zero = new ArrayList<>();
        for (String key : adapters.keySet()) {
            double error = relativeL2(direct.get(key), stageWise.get(key));
            assertTrue(error <= 1e-4, key + ": relative L2 " + error);
            if (norm(direct.get(key)) == 0) {
                zero.add(key);
            }
        }
        // At 32x32 the middle block works on a single latent cell: its self-attention attends to one key, so its
        // query and key projections get no gradient. Every other adapter does.
        for (String key : zero) {
            assertTrue(
                    key.contains("mid_block")
                            && key.contains("attn1")
                            && (key.contains("to_q") || key.contains("to_k")),
                    "no gradient reached " + key);
        }
        assertTrue(zero.size() <= 4, "adapters without gradient: " + zero);
    }

    @Test
    void truncationCountsTheLastStepsAndZeroMeansAll() {
        TruncatedBackprop backprop = new TruncatedBackprop(pipeline, SETTINGS);
        assertEquals(2, backprop.stepsWithGradient(0, 2));
        assertEquals(4, backprop.stepsWithGradient(0, 0));
        assertEquals(4, backprop.stepsWithGradient(0, 9));
        assertEquals(1, backprop.stepsWithGradient(3, 2));
    }

    /** Arrays and bytes alive in a stage's manager, and in the whole run, when its graph is built. */
    private record Footprint(int order, int stageArrays, long stageBytes, int runArrays, long runBytes) {}

    private static List<Footprint> footprints(int k) {
        List<Footprint> seen = new ArrayList<>();
        try (NDManager run = manager.newSubManager();
                Conditioning c = pipeline.encodePrompts(PROMPTS, run)) {
            NDArray xT = pipeline.initialLatents(2, SETTINGS, 11, run);
            TruncatedBackprop backprop = new TruncatedBackprop(pipeline, SETTINGS);
            backprop.setListener(stage -> {
                if (stage.inDecoder()) {
                    return;
                }
                List<NDArray> inStage = stage.stageManager().getManagedArrays();
                List<NDArray> inRun = stage.runManager().getManagedArrays();
                seen.add(new Footprint(stage.order(), inStage.size(), bytes(inStage), inRun.size(), bytes(inRun)));
            });
            backprop.run(c, xT, 0, k, 0L, objective());
        }
        return seen;
    }

    @Test
    void peakMemoryIsOneStageWhateverK() {
        List<Footprint> one = footprints(1);
        List<Footprint> three = footprints(3);
        assertEquals(2, one.size(), "K=1: head and one step");
        assertEquals(4, three.size(), "K=3: head and three steps");
        // The head and every denoising stage hold the same arrays whatever K is.
        assertEquals(one.get(0).stageArrays(), three.get(0).stageArrays(), "head stage arrays");
        assertEquals(one.get(0).stageBytes(), three.get(0).stageBytes(), "head stage bytes");
        for (Footprint f : three.subList(1, three.size())) {
            assertEquals(one.get(1).stageArrays(), f.stageArrays(), "denoising stage arrays");
            assertEquals(one.get(1).stageBytes(), f.stageBytes(), "denoising stage bytes");
        }
        // Beyond the stage, the run keeps only latents: K inputs and an upstream gradient at most.
        long latentBytes = 2L * 4 * 4 * 4 * 4;
        long maxOne =
                one.stream().mapToLong(f -> f.runBytes() - f.stageBytes()).max().orElseThrow();
        long maxThree = three.stream()
                .mapToLong(f -> f.runBytes() - f.stageBytes())
                .max()
                .orElseThrow();
        assertTrue(
                maxThree - maxOne <= 2 * latentBytes,
                "K=3 keeps " + (maxThree - maxOne) + " bytes more than K=1 outside the stage");
        System.out.println("footprints K=1 " + one + "\nK=3 " + three);
    }

    /** The adapters' gradients of one DRaFT-2 pass, its objective, and how many stages its head had. */
    private record HeadRun(Map<String, float[]> gradients, double objective, int stages) {}

    private static HeadRun headRun(boolean checkpointDecoder, double lossScale) {
        new AdapterGradients(adapters).zero();
        int[] stages = {0};
        try (NDManager run = manager.newSubManager();
                Conditioning c = pipeline.encodePrompts(PROMPTS, run)) {
            NDArray xT = pipeline.initialLatents(2, SETTINGS, 11, run);
            TruncatedBackprop backprop = new TruncatedBackprop(pipeline, SETTINGS);
            backprop.setDecoderCheckpointing(checkpointDecoder);
            backprop.setListener(stage -> {
                if (stage.order() == 0) {
                    stages[0]++;
                }
            });
            ObjectiveValue value = backprop.run(c, xT, 0, 2, 0L, objective(), lossScale);
            assertTrue(value.isFinite(), "objective " + value);
            Map<String, float[]> gradients = TinyModels.gradients(adapters);
            new AdapterGradients(adapters).zero();
            return new HeadRun(gradients, value.objective(), stages[0]);
        }
    }

    @Test
    void aCheckpointedDecoderGivesTheGradientsOfOneGraphThroughIt() {
        HeadRun oneGraph = headRun(false, 1);
        HeadRun checkpointed = headRun(true, 1);
        assertEquals(1, oneGraph.stages(), "without checkpointing the head is one stage");
        // tiny-sd's decoder: the prologue, conv_in with the mid block, 2 levels x (2 resnets + upsampler but the
        // last), the output head, the mapping to [0, 1]; plus the objective.
        assertEquals(pipeline.decodeStages().size() + 1, checkpointed.stages());
        assertTrue(
                pipeline.decodeStages().size() >= 5,
                "decoder stages " + pipeline.decodeStages().size());
        assertEquals(oneGraph.objective(), checkpointed.objective(), 0.0, "the forward pass is the same");
        for (String key : adapters.keySet()) {
            double error = relativeL2(
                    oneGraph.gradients().get(key), checkpointed.gradients().get(key));
            assertTrue(error <= 1e-5, key + ": relative L2 " + error);
        }
        // What the checkpointing saves is the autograd graph's saved activations, which live in libtorch and not in
        // the stage's managers: the peak memory is measured by `framework bench` (train-step rows at 512x512).
    }

    @Test
    void aPowerOfTwoLossScaleScalesEveryGradientExactly() {
        HeadRun plain = headRun(true, 1);
        HeadRun scaled = headRun(true, 1024);
        assertEquals(plain.objective(), scaled.objective(), 0.0, "the objective is reported unscaled");
        for (String key : adapters.keySet()) {
            float[] expected = plain.gradients().get(key);
            float[] actual = scaled.gradients().get(key);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i] / 1024f, 0f, key + "[" + i + "]");
            }
        }
    }

    @Test
    void aNonFiniteObjectiveBackPropagatesNothing() {
        try (NDManager run = manager.newSubManager();
                Conditioning c = pipeline.encodePrompts(PROMPTS, run)) {
            NDArray xT = pipeline.initialLatents(2, SETTINGS, 11, run);
            Objective nan = latents -> {
                NDArray r = pipeline.decode(latents)
                        .reshape(2, -1)
                        .mean(new int[] {1})
                        .add(Float.NaN);
                return new Objective.Terms(r.mean(), r, null);
            };
            ObjectiveValue value = new TruncatedBackprop(pipeline, SETTINGS).run(c, xT, 0, 2, 0L, nan);
            assertFalse(value.isFinite());
            assertEquals(0.0, new AdapterGradients(adapters).norm(), "no gradient may be accumulated");
        }
    }

    private static long bytes(List<NDArray> arrays) {
        return arrays.stream()
                .mapToLong(a -> a.getShape().size() * a.getDataType().getNumOfBytes())
                .sum();
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    private static double relativeL2(float[] expected, float[] actual) {
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) expected[i] - actual[i];
            diff += d * d;
        }
        double n = norm(expected);
        return n == 0 ? Math.sqrt(diff) : Math.sqrt(diff) / n;
    }
}
