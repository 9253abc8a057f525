package dev.focusnfix.plugins.focusnfix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Mask;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.sdk.training.DraftKStep;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import dev.focusnfix.sdk.training.LoraOptions;
import dev.focusnfix.sdk.training.TrainingLoop;
import dev.focusnfix.sdk.training.TrainingOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Focus-N-Fix with a region function that marks the whole image ({@code M = 1}, so {@code 1 - M = 0} and the
 * constraint term is constant) makes the same updates as DRaFT-K with the same K, seed and options: after three
 * steps on tiny-sd the adapters agree to 1e-6, for a beta far from 0.
 *
 * <p>DRaFT here is what the {@code draft} tuner runs for {@code variant: k}: {@link TrainingLoop} with
 * {@link DraftKStep} (the draft plugin's classes are not on this module's class path).
 */
class AllOnesMaskIsDraftTest {

    private static final SamplingSettings SAMPLING = new SamplingSettings(32, 32, 3, 2f, 0f);
    private static final List<String> PROMPTS = List.of("a red circle", "a blue square", "a green triangle");
    private static final long SEED = 5L;
    private static final int TRUNCATION = 2;

    @TempDir
    Path temp;

    /** Marks every pixel of every image as the problem region. */
    static final class WholeImage implements RegionMasker {
        @Override
        public RegionResult mask(ImageBatch images, PromptBatch prompts, Reward reward) {
            NDArray pixels = images.pixels();
            NDArray ones = pixels.getManager()
                    .ones(new Shape(images.size(), 1, images.height(), images.width()), pixels.getDataType());
            return new RegionResult(new Mask(ones), null);
        }
    }

    /** {@code r = mean(W * image)} with fixed standard normal weights: a gradient that differs from pixel to pixel. */
    static final class WeightedPixels implements Reward {
        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray pixels = images.pixels();
            NDArray weights = GaussianNoise.standardNormal(
                    3L, new Shape(1, 3, images.height(), images.width()), pixels.getManager(), pixels.getDataType());
            return RewardOutput.of(
                    pixels.mul(weights).reshape(images.size(), -1).mean(new int[] {1}));
        }
    }

    private static FocusNFixOptions options(double beta) {
        // rank 2, beta, no pool, K, lr 5e-3 constant, weight decay 0.01, clip 1.0, 3 steps, batch 2, no accumulation
        return new FocusNFixOptions(
                beta,
                0,
                TRUNCATION,
                new TrainingOptions(
                        new LoraOptions(2, 2f, List.of()),
                        5e-3,
                        LearningRateSchedule.CONSTANT,
                        0.01,
                        1.0,
                        3,
                        2,
                        1,
                        0,
                        0,
                        3,
                        false));
    }

    private TestTuningContext context(
            TestExtensionContext services, LatentDiffusionPipeline pipeline, String run, RegionMasker region) {
        return new TestTuningContext(
                services,
                ProgressReporter.silent(),
                pipeline,
                new WeightedPixels(),
                region,
                PROMPTS,
                SAMPLING,
                temp.resolve(run),
                false,
                "all-ones");
    }

    private static LatentDiffusionPipeline tinySd() throws Exception {
        return LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, SAMPLING, Device.cpu(), DataType.FLOAT32);
    }

    private Path focusNFix(TestExtensionContext services, RegionMasker region, String run) throws Exception {
        try (LatentDiffusionPipeline pipeline = tinySd()) {
            return ((TuningResult.AdapterWeights)
                            new FocusNFixTuner().tune(options(10.0), context(services, pipeline, run, region)))
                    .file();
        }
    }

    private Path draft(TestExtensionContext services) throws Exception {
        try (LatentDiffusionPipeline pipeline = tinySd()) {
            TestTuningContext context = context(services, pipeline, "draft", null);
            return new TrainingLoop("draft", options(10.0).training().settings(), context)
                    .run(new DraftKStep(context, TRUNCATION))
                    .file();
        }
    }

    /** The largest absolute difference between two adapter files' values, and the largest trained B value of b. */
    private static double[] compare(Path a, Path b) throws Exception {
        double maxDifference = 0;
        double maxTrained = 0;
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                StateDict x = StateDict.read(a, m, DataType.FLOAT32);
                StateDict y = StateDict.read(b, m, DataType.FLOAT32)) {
            assertEquals(y.keys(), x.keys());
            assertTrue(!x.keys().isEmpty());
            for (String key : x.keys()) {
                float[] u = x.get(key).toFloatArray();
                float[] v = y.get(key).toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    maxDifference = Math.max(maxDifference, Math.abs(u[i] - v[i]));
                    if (key.contains("lora_B") || key.contains("lora_up")) {
                        // B starts at zero: its values are what training changed.
                        maxTrained = Math.max(maxTrained, Math.abs(v[i]));
                    }
                }
            }
        }
        return new double[] {maxDifference, maxTrained};
    }

    @Test
    void focusNFixWithAnAllOnesMaskMakesTheSameUpdatesAsDraft() throws Exception {
        double[] same;
        double[] boxed;
        try (TestExtensionContext services = new TestExtensionContext(TestData.root(), temp, SEED)) {
            Path draft = draft(services);
            same = compare(focusNFix(services, new WholeImage(), "all-ones"), draft);
            // Control: the same beta with a real mask (the central box) must give other adapters.
            boxed = compare(focusNFix(services, new FixedRegion(), "box"), draft);
        }
        System.out.printf(
                "beta 10 vs DRaFT-%d after 3 steps: max |adapter difference| all-ones mask %.3g,"
                        + " central-box mask %.3g (largest trained B value %.3g)%n",
                TRUNCATION, same[0], boxed[0], same[1]);
        assertTrue(same[1] > 1e-3, "the three steps must train the adapters, or the comparison proves nothing");
        assertTrue(same[0] <= 1e-6, "all-ones mask: max |difference| " + same[0] + " > 1e-6");
        assertTrue(boxed[0] > 1e-4, "with a central-box mask the constraint must change the updates: " + boxed[0]);
    }
}
