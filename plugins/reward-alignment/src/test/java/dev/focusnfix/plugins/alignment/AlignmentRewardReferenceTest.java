package dev.focusnfix.plugins.alignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rewards on the fixture's image and prompts against values computed here from the reference tensors of
 * {@code tiny-clip/expected.safetensors}.
 */
class AlignmentRewardReferenceTest {

    /** The prompts whose token ids the fixture stores as {@code input_ids}. */
    private static final List<String> PROMPTS = List.of("a red box next to a blue box", "a photo of a deer");

    @TempDir
    Path temp;

    private TestExtensionContext context;

    @BeforeEach
    void open() {
        context = new TestExtensionContext(TestData.root(), temp, 1L);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private StateDict expected(NDManager scope) throws IOException {
        return StateDict.read(
                TestData.path("tiny-clip/expected.safetensors"), scope, ai.djl.ndarray.types.DataType.FLOAT32);
    }

    /** cos(image_embeds[i], text_embeds[i]) from the reference embeddings, in double precision. */
    private static double[] referenceCosines(NDArray imageEmbeds, NDArray textEmbeds) {
        int n = (int) imageEmbeds.getShape().get(0);
        int d = (int) imageEmbeds.getShape().get(1);
        float[] a = imageEmbeds.toFloatArray();
        float[] b = textEmbeds.toFloatArray();
        double[] cosines = new double[n];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = 0; j < d; j++) {
                dot += (double) a[i * d + j] * b[i * d + j];
                na += (double) a[i * d + j] * a[i * d + j];
                nb += (double) b[i * d + j] * b[i * d + j];
            }
            cosines[i] = dot / Math.sqrt(na * nb);
        }
        return cosines;
    }

    @Test
    void clipScoreIsTheCosineOfTheReferenceEmbeddings() throws Exception {
        try (Reward reward = new ClipScoreReward().open(new ClipScoreReward.Options("tiny-clip", 1f, false), context);
                NDManager scope = context.manager().newSubManager();
                StateDict expected = expected(scope)) {
            double[] cosines = referenceCosines(expected.get("image_embeds"), expected.get("text_embeds"));
            NDArray score = reward.score(new ImageBatch(expected.get("image")), PromptBatch.of(PROMPTS))
                    .reward();
            NDArray reference = scope.create(new float[] {(float) cosines[0], (float) cosines[1]});
            System.out.printf(
                    "clip-score vs reference cosines: relative L2 error %.3e%n",
                    TensorAssert.relativeL2(reference, score));
            TensorAssert.assertMatchesReference("clip-score", reference, score);
        }
    }

    @Test
    void clipScoreWithLogitScaleIsTheDiagonalOfTheReferenceLogits() throws Exception {
        try (Reward reward = new ClipScoreReward().open(new ClipScoreReward.Options("tiny-clip", 1f, true), context);
                NDManager scope = context.manager().newSubManager();
                StateDict expected = expected(scope)) {
            float[] logits = expected.get("logits_per_image").toFloatArray();
            NDArray reference = scope.create(new float[] {logits[0], logits[3]});
            NDArray score = reward.score(new ImageBatch(expected.get("image")), PromptBatch.of(PROMPTS))
                    .reward();
            TensorAssert.assertMatchesReference("clip-score with logit scale", reference, score);
        }
    }

    @Test
    void clipScoreGradientReachesThePixels() throws Exception {
        try (Reward reward =
                        new ClipScoreReward().open(new ClipScoreReward.Options("tiny-clip", 100f, false), context);
                NDManager scope = context.manager().newSubManager();
                StateDict expected = expected(scope)) {
            NDArray image = expected.get("image");
            image.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(reward.score(new ImageBatch(image), PromptBatch.of(PROMPTS))
                        .reward()
                        .sum());
            }
            NDArray gradient = image.getGradient();
            for (float g : gradient.toFloatArray()) {
                assertTrue(Float.isFinite(g), "finite gradient");
            }
            // Every image gets its own non-zero gradient.
            assertTrue(gradient.get("0").abs().sum().getFloat() > 0, "image 0 receives a gradient");
            assertTrue(gradient.get("1").abs().sum().getFloat() > 0, "image 1 receives a gradient");
        }
    }

    @Test
    void clipScoreRefusesMismatchedPrompts() throws Exception {
        try (Reward reward = new ClipScoreReward().open(new ClipScoreReward.Options("tiny-clip", 1f, false), context);
                NDManager scope = context.manager().newSubManager();
                StateDict expected = expected(scope)) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> reward.score(
                            new ImageBatch(expected.get("image")), PromptBatch.of(List.of("only one prompt"))));
        }
    }

    @Test
    void aestheticIsTheReferenceHeadOutput() throws Exception {
        AestheticReward.Options options =
                new AestheticReward.Options("tiny-clip", "tiny-clip/aesthetic_head.safetensors", 1f);
        try (Reward reward = new AestheticReward().open(options, context);
                NDManager scope = context.manager().newSubManager();
                StateDict expected = expected(scope)) {
            NDArray score = reward.score(new ImageBatch(expected.get("image")), PromptBatch.of(PROMPTS))
                    .reward();
            System.out.printf(
                    "aesthetic vs reference: relative L2 error %.3e%n",
                    TensorAssert.relativeL2(expected.get("aesthetic"), score));
            TensorAssert.assertMatchesReference("aesthetic", expected.get("aesthetic"), score);
        }
    }

    @Test
    void optionsRejectMissingReferences() {
        assertThrows(IllegalArgumentException.class, () -> new ClipScoreReward.Options(" ", 1f, false));
        assertThrows(IllegalArgumentException.class, () -> new AestheticReward.Options("tiny-clip", "", 1f));
        assertArrayEquals(
                new Object[] {"clip-score", "aesthetic"},
                new Object[] {new ClipScoreReward().id(), new AestheticReward().id()});
    }
}
