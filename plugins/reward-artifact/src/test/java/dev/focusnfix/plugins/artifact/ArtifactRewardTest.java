package dev.focusnfix.plugins.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.weights.StateDict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The artifact reward against the reference plausibility and heatmap of the toy noise-artifact model. */
class ArtifactRewardTest {

    private static final PromptBatch PROMPTS = PromptBatch.of(List.of("a scene", "a scene"));

    @TempDir
    Path outputDir;

    private TestExtensionContext context;
    private StateDict expected;

    @BeforeEach
    void open() throws Exception {
        context = new TestExtensionContext(TestData.root(), outputDir, 1L);
        expected =
                StateDict.read(TestData.path("classifiers/expected.safetensors"), context.manager(), DataType.FLOAT32);
    }

    @AfterEach
    void close() {
        expected.close();
        context.close();
    }

    private RewardOutput score(ArtifactReward.Options options, NDManager step) throws Exception {
        try (Reward reward = new ArtifactReward().open(options, context)) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            return reward.score(new ImageBatch(images), PROMPTS);
        }
    }

    private static void assertReference(String what, NDArray reference, NDArray actual) {
        System.out.printf("%s: relative L2 error %.3e%n", what, TensorAssert.relativeL2(reference, actual));
        TensorAssert.assertMatchesReference(what, reference, actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"classifiers/noise-artifact.pt", "classifiers/noise-artifact.onnx"})
    void rewardIsThePlausibilityAndTheHeatmapIsTheModels(String file) throws Exception {
        try (NDManager step = context.manager().newSubManager()) {
            RewardOutput out = score(ArtifactReward.Options.of(file), step);
            assertReference(file + " reward", expected.get("noise_plausibility"), out.reward());
            assertReference(file + " heatmap", expected.get("noise_heatmap"), out.heatmap());
            assertNull(out.saliencyScore(), "a raw score is its own saliency score");
            assertFalse(out.heatmap().hasGradient(), "the heatmap carries no graph");
        }
    }

    @Test
    void outputsCanBeSelectedByPosition() throws Exception {
        ArtifactReward.Options byPosition = new ArtifactReward.Options(
                "classifiers/noise-artifact.pt",
                "0",
                "1",
                List.of(),
                null,
                null,
                2f,
                List.of(),
                null,
                List.of(),
                List.of());
        try (NDManager step = context.manager().newSubManager()) {
            RewardOutput out = score(byPosition, step);
            assertReference(
                    "2 x plausibility", expected.get("noise_plausibility").mul(2f), out.reward());
        }
    }

    @Test
    void heatmapOfAFixedInputSizeComesBackAtTheImageSizeAndFindsTheNoise() throws Exception {
        try (NDManager step = context.manager().newSubManager()) {
            RewardOutput out = score(
                    ArtifactReward.Options.of("classifiers/noise-artifact.pt").withInputSize(96, 96), step);
            assertArrayEquals(
                    new long[] {2, 1, 128, 128}, out.heatmap().getShape().getShape());
            // The second image holds the noise patch whose true mask is noise_mask: IoU of the map at 0.5.
            NDArray predicted = out.heatmap().get("1:2").gt(0.5f);
            NDArray truth = expected.get("noise_mask").gt(0.5f);
            float intersection = predicted
                    .logicalAnd(truth)
                    .sum()
                    .toType(DataType.FLOAT32, false)
                    .getFloat();
            float union = predicted
                    .logicalOr(truth)
                    .sum()
                    .toType(DataType.FLOAT32, false)
                    .getFloat();
            System.out.printf("IoU at 96x96 input: %.3f%n", intersection / union);
            assertTrue(intersection / union > 0.8f, "IoU " + intersection / union);
        }
    }

    @Test
    void aMissingModelIsReportedWithItsPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArtifactReward()
                .open(ArtifactReward.Options.of("classifiers/none.onnx"), context));
        assertTrue(e.getMessage().contains("classifiers/none.onnx"), e.getMessage());
    }

    @Test
    void declaresHeatmapAndDifferentiabilityFromThePath() {
        ArtifactReward model = new ArtifactReward();
        assertTrue(model.providesHeatmap(ArtifactReward.Options.of("x.pt")));
        assertTrue(model.isDifferentiable(ArtifactReward.Options.of("x.pt")));
        assertFalse(model.isDifferentiable(ArtifactReward.Options.of("x.onnx")));
        assertEquals("heatmap", model.defaultRegionFunction(ArtifactReward.Options.of("x.onnx")));
    }
}
