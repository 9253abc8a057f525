package dev.focusnfix.plugins.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.sdk.reward.ScoreActivation;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The misalignment reward against the reference outputs of the toy noise-artifact model, which stands in for a
 * misalignment model (score and heatmap outputs): with the default scale the reward is minus the reference score
 * ({@code noise_plausibility}) and the heatmap is the reference heatmap ({@code noise_heatmap}).
 */
class MisalignmentRewardTest {

    private static final PromptBatch PROMPTS = PromptBatch.of(List.of("a red box", "a blue box"));

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

    private RewardOutput score(MisalignmentReward.Options options, NDManager step) throws Exception {
        try (Reward reward = new MisalignmentReward().open(options, context)) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            return reward.score(new ImageBatch(images), PROMPTS);
        }
    }

    private static void assertReference(String what, NDArray reference, NDArray actual) {
        System.out.printf("%s: relative L2 error %.3e%n", what, TensorAssert.relativeL2(reference, actual));
        TensorAssert.assertMatchesReference(what, reference, actual);
    }

    private void assertMinusScoreAndReferenceHeatmap(String what, MisalignmentReward.Options options) throws Exception {
        try (NDManager step = context.manager().newSubManager()) {
            RewardOutput out = score(options, step);
            assertReference(what + " reward", expected.get("noise_plausibility").neg(), out.reward());
            assertReference(what + " heatmap", expected.get("noise_heatmap"), out.heatmap());
            assertNull(out.saliencyScore(), "a raw score is its own saliency score");
            assertFalse(out.heatmap().hasGradient(), "the heatmap carries no graph");
        }
    }

    @Test
    void torchScriptRewardIsMinusTheScoreWithDefaultOptions() throws Exception {
        assertMinusScoreAndReferenceHeatmap(
                "TorchScript", MisalignmentReward.Options.of("classifiers/noise-artifact.pt"));
    }

    @Test
    void onnxRewardIsMinusTheScoreReadFromTheNamedOutput() throws Exception {
        assertMinusScoreAndReferenceHeatmap(
                "ONNX",
                MisalignmentReward.Options.of("classifiers/noise-artifact.onnx").withScoreOutput("plausibility"));
    }

    @Test
    void onnxOutputsCanBeSelectedByPosition() throws Exception {
        assertMinusScoreAndReferenceHeatmap(
                "ONNX by position",
                new MisalignmentReward.Options(
                        "classifiers/noise-artifact.onnx", "0", "1", null, null, null, -1f, null, null, null, null));
    }

    @Test
    void aSigmoidScoreKeepsTheScaledLogitAsSaliencyScore() throws Exception {
        // Reading the toy score as a logit: reward = -sigmoid(score), saliency score = -score.
        MisalignmentReward.Options logit = new MisalignmentReward.Options(
                "classifiers/noise-artifact.pt",
                null,
                null,
                List.of("misalignment", "heatmap"),
                ScoreActivation.SIGMOID,
                null,
                -1f,
                null,
                null,
                null,
                null);
        try (NDManager step = context.manager().newSubManager()) {
            RewardOutput out = score(logit, step);
            NDArray score = expected.get("noise_plausibility");
            assertReference(
                    "-sigmoid(score)", score.neg().exp().add(1f).pow(-1f).neg(), out.reward());
            assertNotNull(out.saliencyScore(), "a squashed score has a separate saliency score");
            assertReference("-score", score.neg(), out.saliencyScore());
        }
    }

    @Test
    void aMissingNamedOutputListsTheModelsOutputs() {
        // The ONNX graph names its score output "plausibility", not the default "misalignment".
        try (NDManager step = context.manager().newSubManager()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> score(MisalignmentReward.Options.of("classifiers/noise-artifact.onnx"), step));
            assertTrue(
                    e.getMessage().contains("'misalignment'") && e.getMessage().contains("plausibility"),
                    e.getMessage());
        }
    }

    @Test
    void aMissingModelIsReportedWithItsPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MisalignmentReward()
                .open(MisalignmentReward.Options.of("classifiers/none.pt"), context));
        assertTrue(e.getMessage().contains("classifiers/none.pt"), e.getMessage());
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> MisalignmentReward.Options.of(""));
        assertThrows(IllegalArgumentException.class, () -> MisalignmentReward.Options.of("model.bin"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MisalignmentReward.Options(
                        "m.pt", null, null, null, null, null, Float.NaN, null, null, null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MisalignmentReward.Options(
                        "m.pt", null, null, null, null, null, -1f, List.of(32), Interpolation.BILINEAR, null, null));
    }

    @Test
    void aScoreOutputMissingFromOutputNamesIsRefusedBeforeLoading() {
        // configs/rewards/misalignment.yaml once named 'plausibility' with the default names and failed in training.
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MisalignmentReward.Options.of("m.pt")
                        .withScoreOutput("plausibility"));
        assertTrue(
                e.getMessage().contains("scoreOutput: the model's outputs are named [misalignment, heatmap]"),
                e.getMessage());
        assertEquals(
                "plausibility",
                new MisalignmentReward.Options(
                                "m.pt",
                                "plausibility",
                                "heatmap",
                                List.of("plausibility", "heatmap"),
                                null,
                                null,
                                1f,
                                null,
                                null,
                                null,
                                null)
                        .scoreOutput());
        assertEquals(
                "1",
                MisalignmentReward.Options.of("m.onnx").withScoreOutput("1").scoreOutput(),
                "by position");
    }

    @Test
    void configDefaultsPenaliseMisalignment() {
        // What a config that names only the model gets: the binder reads these @DefaultValue annotations.
        assertEquals("-1.0", defaultOf("scale"));
        assertEquals("misalignment", defaultOf("scoreOutput"));
        assertEquals("heatmap", defaultOf("heatmapOutput"));
        assertEquals(-1f, MisalignmentReward.Options.of("m.pt").scale());
    }

    private static String defaultOf(String component) {
        RecordComponent c = Arrays.stream(MisalignmentReward.Options.class.getRecordComponents())
                .filter(r -> r.getName().equals(component))
                .findFirst()
                .orElseThrow();
        return c.getAnnotation(DefaultValue.class).value();
    }

    @Test
    void declaresHeatmapRegionAndDifferentiabilityFromThePath() {
        MisalignmentReward model = new MisalignmentReward();
        assertEquals("misalignment", model.id());
        assertTrue(model.providesHeatmap(MisalignmentReward.Options.of("x.pt")));
        assertTrue(model.isDifferentiable(MisalignmentReward.Options.of("x.pt")));
        assertFalse(model.isDifferentiable(MisalignmentReward.Options.of("x.onnx")));
        assertEquals("heatmap", model.defaultRegionFunction(MisalignmentReward.Options.of("x.onnx")));
    }
}
