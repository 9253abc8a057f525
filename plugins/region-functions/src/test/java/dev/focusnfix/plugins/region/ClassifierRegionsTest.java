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
 * ({@code noise_mask}).
 */
class ClassifierRegionsTest {

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
        RegionResult result = mask(new SaliencyRegion(), SaliencyRegion.Options.vanilla(PostProcessing.none()),
                ToyClassifiers.redDetector(redTorchScript, true));
        NDArray reference = expected.get("red_p_unsafe_grad").abs().max(new int[] {1}, true);
        TensorAssert.assertMatchesReference("saliency raw map", reference, result.rawMap());
        // Per image too: the red-blob image's softmax is saturated, so its gradient (~1e-17) is invisible in the
        // batch norm, yet it is the map the mask is made from.
        TensorAssert.assertMatchesReference("saliency raw map, red blob", reference.get("0:1"),
                result.rawMap().get("0:1"));
        TensorAssert.assertMatchesReference("saliency raw map, noise patch", reference.get("1:2"),
                result.rawMap().get("1:2"));
    }

    @Test
    void defaultSaliencyMaskCoversTheRedBlob() throws Exception {
        double iou = redBlobIou(new SaliencyRegion(), SaliencyRegion.Options.defaults(),
                ToyClassifiers.redDetector(redTorchScript, true, true));
        System.out.printf("saliency (defaults: SmoothGrad 8 x 0.15, default post-processing), logit margin: IoU %.3f%n",
                iou);
        assertTrue(iou >= 0.5, "saliency IoU " + iou);
    }

    @Test
    void defaultSaliencyOfTheProbabilityCoversTheRedBlob() throws Exception {
        double iou = redBlobIou(new SaliencyRegion(), SaliencyRegion.Options.defaults(),
                ToyClassifiers.redDetector(redTorchScript, true));
        System.out.printf("saliency (defaults), class-1 probability: IoU %.3f%n", iou);
        assertTrue(iou >= 0.5, "saliency IoU " + iou);
    }

    @Test
    void vanillaSaliencyWithDefaultPostProcessingCoversTheRedBlob() throws Exception {
        double iou = redBlobIou(new SaliencyRegion(), SaliencyRegion.Options.vanilla(PostProcessing.defaults()),
                ToyClassifiers.redDetector(redTorchScript, true));
        System.out.printf("saliency (vanilla gradient, default post-processing): IoU %.3f%n", iou);
        assertTrue(iou >= 0.5, "saliency IoU " + iou);
    }

    @Test
    void occlusionOnTheOnnxDetectorCoversTheRedBlob() throws Exception {
        // The pre-squash score must not saturate: the red-blob image's class-1 probability is 1.0 in float32, so
        // hiding a patch changes it by nothing. The logit margin changes.
        double iou = redBlobIou(new OcclusionRegion(), OcclusionRegion.Options.defaults(),
                ToyClassifiers.redDetector(redOnnx, false, true));
        System.out.printf("occlusion (defaults) on the ONNX detector, logit margin: IoU %.3f%n", iou);
        assertTrue(iou >= 0.5, "occlusion IoU " + iou);
    }

    @Test
    void occlusionRiseOfARewardMarginFindsTheBlobAndDropFindsNothing() throws Exception {
        // The margin l0 - l1 is a reward (higher is safer): hiding the blob raises it.
        OcclusionRegion.Options defaults = OcclusionRegion.Options.defaults();
        OcclusionRegion.Options rise = new OcclusionRegion.Options(defaults.patchSize(), defaults.stride(),
                defaults.fill(), defaults.batchSize(), OcclusionRegion.Change.RISE, defaults.postprocess(),
                Optional.empty());
        double iou = redBlobIou(new OcclusionRegion(), rise, ToyClassifiers.redDetector(redOnnx, false, true));
        System.out.printf("occlusion (rise) on the ONNX detector: IoU %.3f%n", iou);
        assertTrue(iou >= 0.5, "occlusion rise IoU " + iou);
    }

    @Test
    void heatmapRegionMatchesTheNoisePatch() throws Exception {
        RegionResult result = mask(new HeatmapRegion(), new HeatmapRegion.Options(0.5f, 0, Optional.empty()),
                ToyClassifiers.noiseArtifact(noiseTorchScript));
        TensorAssert.assertMatchesReference("heatmap raw map", expected.get("noise_heatmap"), result.rawMap());
        double iou = ToyClassifiers.iou(expected.get("noise_mask"), result.mask().values().get("1:2"));
        System.out.printf("heatmap (threshold 0.5) on the noise patch: IoU %.3f%n", iou);
        assertTrue(iou >= 0.8, "heatmap IoU " + iou);
    }

    private <O> double redBlobIou(RegionFunction<O> function, O options, Reward reward) throws Exception {
        RegionResult result = mask(function, options, reward);
        return ToyClassifiers.iou(expected.get("red_mask"), result.mask().values().get("0:1"));
    }
}
