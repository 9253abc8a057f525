package dev.focusnfix.plugins.region;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.sdk.reward.ClassObjective;
import dev.focusnfix.sdk.reward.ClassifierReward;
import dev.focusnfix.sdk.reward.ClassifierRewardOptions;
import dev.focusnfix.sdk.reward.ImageClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region functions on the toy classifiers of {@code engine/testdata/classifiers}, against the fixture's
 * reference gradient and true masks: image 0 has a red blob ({@code red_mask}), image 1 a noise patch
 * ({@code noise_mask}). Masks of the red blob must both overlap it (IoU) and cover most of it (coverage,
 * {@code |mask ∩ true| / |true|}): a small mask inside the blob can have a fair IoU yet leave most of the problem
 * outside the region that may change.
 */
class ClassifierRegionsTest {

    /** The acceptance floor for the coverage of saliency and occlusion masks with default settings. */
    private static final double MIN_COVERAGE = 0.6;

    private static ZooModel<NDList, NDList> redTorchScript;
    private static ZooModel<NDList, NDList> redOnnx;
    private static ZooModel<NDList, NDList> noiseTorchScript;

    @TempDir
    Path outputDir;

    private TestExtensionContext context;
    private NDManager step;
    private StateDict expected;

    @BeforeAll
    static void loadModels() throws Exception {
        redTorchScript = ToyClassifiers.load("red-detector.pt", "PyTorch");
        redOnnx = ToyClassifiers.load("red-detector.onnx", "OnnxRuntime");
        noiseTorchScript = ToyClassifiers.load("noise-artifact.pt", "PyTorch");
    }

    @AfterAll
    static void closeModels() {
        redTorchScript.close();
        redOnnx.close();
        noiseTorchScript.close();
    }

    @BeforeEach
    void open() throws Exception {
        context = new TestExtensionContext(TestData.root(), outputDir, 1234L);
        step = context.manager().newSubManager();
        expected = ToyClassifiers.expected(step);
    }

    @AfterEach
    void close() {
        expected.close();
        step.close();
        context.close();
    }

    private <O> RegionResult mask(RegionFunction<O> function, O options, Reward reward) throws Exception {
        NDArray images = expected.get("images");
        try (RegionMasker masker = function.open(options, context)) {
            return masker.mask(new ImageBatch(images), PromptBatch.of(List.of("a scene", "a scene")), reward);
        }
    }

    @Test
    void vanillaSaliencyIsTheAbsoluteGradientOfTheUnsafeProbabilityMaxOverChannels() throws Exception {
        RegionResult result = mask(
                new SaliencyRegion(),
                SaliencyRegion.Options.vanilla(PostProcessing.none()),
                ToyClassifiers.redDetector(redTorchScript, true));
        NDArray reference = expected.get("red_p_unsafe_grad").abs().max(new int[] {1}, true);
        TensorAssert.assertMatchesReference("saliency raw map", reference, result.rawMap());
        // Per image too: the red-blob image's softmax is saturated, so its gradient (~1e-17) is invisible in the
        // batch norm, yet it is the map the mask is made from.
        TensorAssert.assertMatchesReference(
                "saliency raw map, red blob",
                reference.get("0:1"),
                result.rawMap().get("0:1"));
        TensorAssert.assertMatchesReference(
                "saliency raw map, noise patch",
                reference.get("1:2"),
                result.rawMap().get("1:2"));
    }

    @Test
    void defaultSaliencyMaskCoversTheRedBlob() throws Exception {
        Overlap overlap = redBlobOverlap(
                new SaliencyRegion(),
                SaliencyRegion.Options.defaults(),
                ToyClassifiers.redDetector(redTorchScript, true, true));
        System.out.printf(
                "saliency (defaults: SmoothGrad 8 x 0.15, default post-processing), logit margin: %s%n", overlap);
        assertTrue(overlap.iou() >= 0.5, "saliency IoU " + overlap);
        assertTrue(overlap.coverage() >= MIN_COVERAGE, "saliency coverage " + overlap);
    }

    @Test
    void defaultSaliencyOfTheProbabilityCoversTheRedBlob() throws Exception {
        Overlap overlap = redBlobOverlap(
                new SaliencyRegion(),
                SaliencyRegion.Options.defaults(),
                ToyClassifiers.redDetector(redTorchScript, true));
        System.out.printf("saliency (defaults), class-1 probability: %s%n", overlap);
        assertTrue(overlap.iou() >= 0.5, "saliency IoU " + overlap);
        assertTrue(overlap.coverage() >= MIN_COVERAGE, "saliency coverage " + overlap);
    }

    @Test
    void defaultSaliencyOfTheSafetyRewardCoversTheRedBlob() throws Exception {
        // The safety reward exactly as a config naming only the model opens it: reward -p(unsafe), saliency score
        // -logit(unsafe).
        try (Reward safety = safetyReward("red-detector.pt", ClassObjective.PROBABILITY)) {
            Overlap overlap = redBlobOverlap(new SaliencyRegion(), SaliencyRegion.Options.defaults(), safety);
            System.out.printf("saliency (defaults), safety reward defaults (TorchScript): %s%n", overlap);
            assertTrue(overlap.iou() >= 0.35, "saliency IoU " + overlap);
            assertTrue(overlap.coverage() >= MIN_COVERAGE, "saliency coverage " + overlap);
        }
    }

    @Test
    void defaultSaliencyOfTheSafetyRewardWithTheLogitMarginCoversTheRedBlob() throws Exception {
        // objective: logit-margin makes the reward -(z_unsafe - z_safe), its own saliency score.
        try (Reward safety = safetyReward("red-detector.pt", ClassObjective.LOGIT_MARGIN)) {
            Overlap overlap = redBlobOverlap(new SaliencyRegion(), SaliencyRegion.Options.defaults(), safety);
            System.out.printf(
                    "saliency (defaults), safety reward, logit-margin objective (TorchScript): %s%n", overlap);
            assertTrue(overlap.iou() >= 0.5, "saliency IoU " + overlap);
            assertTrue(overlap.coverage() >= MIN_COVERAGE, "saliency coverage " + overlap);
        }
    }

    @Test
    void vanillaSaliencyWithDefaultPostProcessingCoversTheRedBlob() throws Exception {
        Overlap overlap = redBlobOverlap(
                new SaliencyRegion(),
                SaliencyRegion.Options.vanilla(PostProcessing.defaults()),
                ToyClassifiers.redDetector(redTorchScript, true));
        System.out.printf("saliency (vanilla gradient, default post-processing): %s%n", overlap);
        assertTrue(overlap.iou() >= 0.5, "saliency IoU " + overlap);
    }

    @Test
    void occlusionOnTheOnnxDetectorCoversTheRedBlob() throws Exception {
        // The pre-squash score must not saturate: the red-blob image's class-1 probability is 1.0 in float32, so
        // hiding a patch changes it by nothing. The logit margin changes.
        Overlap overlap = redBlobOverlap(
                new OcclusionRegion(),
                OcclusionRegion.Options.defaults(),
                ToyClassifiers.redDetector(redOnnx, false, true));
        System.out.printf("occlusion (defaults) on the ONNX detector, logit margin: %s%n", overlap);
        assertTrue(overlap.iou() >= 0.5, "occlusion IoU " + overlap);
        assertTrue(overlap.coverage() >= MIN_COVERAGE, "occlusion coverage " + overlap);
    }

    @Test
    void defaultOcclusionOfTheSafetyRewardOnTheOnnxDetectorCoversTheRedBlob() throws Exception {
        try (Reward safety = safetyReward("red-detector.onnx", ClassObjective.PROBABILITY)) {
            Overlap overlap = redBlobOverlap(new OcclusionRegion(), OcclusionRegion.Options.defaults(), safety);
            System.out.printf("occlusion (defaults), safety reward defaults (ONNX): %s%n", overlap);
            assertTrue(overlap.iou() >= 0.35, "occlusion IoU " + overlap);
            assertTrue(overlap.coverage() >= MIN_COVERAGE, "occlusion coverage " + overlap);
        }
    }

    @Test
    void defaultOcclusionOfTheSafetyRewardWithTheLogitMarginOnTheOnnxDetectorCoversTheRedBlob() throws Exception {
        try (Reward safety = safetyReward("red-detector.onnx", ClassObjective.LOGIT_MARGIN)) {
            Overlap overlap = redBlobOverlap(new OcclusionRegion(), OcclusionRegion.Options.defaults(), safety);
            System.out.printf("occlusion (defaults), safety reward, logit-margin objective (ONNX): %s%n", overlap);
            assertTrue(overlap.iou() >= 0.5, "occlusion IoU " + overlap);
            assertTrue(overlap.coverage() >= MIN_COVERAGE, "occlusion coverage " + overlap);
        }
    }

    @Test
    void occlusionRiseOfARewardMarginFindsTheBlobAndDropFindsNothing() throws Exception {
        // The margin l0 - l1 is a reward (higher is safer): hiding the blob raises it.
        OcclusionRegion.Options defaults = OcclusionRegion.Options.defaults();
        OcclusionRegion.Options rise = new OcclusionRegion.Options(
                defaults.patchSize(),
                defaults.stride(),
                defaults.fill(),
                defaults.batchSize(),
                OcclusionRegion.Change.RISE,
                defaults.postprocess(),
                Optional.empty());
        Overlap overlap = redBlobOverlap(new OcclusionRegion(), rise, ToyClassifiers.redDetector(redOnnx, false, true));
        System.out.printf("occlusion (rise) on the ONNX detector: %s%n", overlap);
        assertTrue(overlap.iou() >= 0.5, "occlusion rise IoU " + overlap);
    }

    @Test
    void heatmapRegionMatchesTheNoisePatch() throws Exception {
        RegionResult result = mask(
                new HeatmapRegion(),
                new HeatmapRegion.Options(0.5f, 0, Optional.empty()),
                ToyClassifiers.noiseArtifact(noiseTorchScript));
        TensorAssert.assertMatchesReference("heatmap raw map", expected.get("noise_heatmap"), result.rawMap());
        double iou = ToyClassifiers.iou(
                expected.get("noise_mask"), result.mask().values().get("1:2"));
        double coverage = ToyClassifiers.coverage(
                expected.get("noise_mask"), result.mask().values().get("1:2"));
        System.out.printf(
                "heatmap (defaults: threshold 0.5, no dilation) on the noise patch: IoU %.3f, coverage %.3f%n",
                iou, coverage);
        assertTrue(iou >= 0.8, "heatmap IoU " + iou);
    }

    /**
     * The safety reward's defaults ({@link ClassifierRewardOptions#of}: softmax, class 1, scale -1) with an objective,
     * on a toy red-detector export.
     */
    private Reward safetyReward(String file, ClassObjective objective) throws Exception {
        ClassifierRewardOptions options =
                ClassifierRewardOptions.of("classifiers/" + file).withObjective(objective);
        return new ClassifierReward(
                ImageClassifier.load(ToyClassifiers.file(file), options.imageInput(), List.of(), context.device()),
                options);
    }

    private <O> Overlap redBlobOverlap(RegionFunction<O> function, O options, Reward reward) throws Exception {
        RegionResult result = mask(function, options, reward);
        NDArray truth = expected.get("red_mask");
        NDArray predicted = result.mask().values().get("0:1");
        return new Overlap(ToyClassifiers.iou(truth, predicted), ToyClassifiers.coverage(truth, predicted));
    }

    /** How a predicted mask meets the true one. */
    private record Overlap(double iou, double coverage) {
        @Override
        public String toString() {
            return String.format("IoU %.3f, coverage %.3f", iou, coverage);
        }
    }
}
