package dev.focusnfix.plugins.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
 * PickScore and HPSv2 on their tiny fixtures ({@code pickscore/}: a transformers CLIPModel folder; {@code hpsv2/}:
 * an open_clip checkpoint) against the scores the generator scripts computed with transformers and open_clip, one
 * prompt per image, from the images in [0, 1] through the rewards' own preprocessing and tokenisation.
 */
class PreferenceRewardReferenceTest {

    /** The prompts of both fixtures (their metadata repeats them). */
    static final List<String> PROMPTS = List.of(
            "a stunning photo of the blue deer",
            "a painting of a robot with a red shirt",
            "three small box under the moon at night");

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

    static PickScoreReward.Options pickScore() {
        return new PickScoreReward.Options("pickscore/model", null, 1f);
    }

    static Hpsv2Reward.Options hpsv2(boolean useLogitScale) {
        return new Hpsv2Reward.Options(
                "hpsv2/hpsv2.safetensors", "hpsv2/tokenizer", "hpsv2/open_clip_config.json", useLogitScale, 1f);
    }

    private void assertScores(String what, Reward reward, String fixture, String key) throws IOException {
        try (NDManager scope = context.manager().newSubManager();
                StateDict expected = StateDict.read(TestData.path(fixture), scope, DataType.FLOAT32)) {
            NDArray score = reward.score(new ImageBatch(expected.get("images")), PromptBatch.of(PROMPTS))
                    .reward();
            NDArray reference = expected.get(key);
            double error = TensorAssert.relativeL2(reference, score);
            float[] e = reference.toFloatArray();
            float[] a = score.toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-4 * Math.max(1, Math.abs(e[i])), what + " of image " + i);
            }
            System.out.printf("%s vs reference: relative L2 error %.3e%n", what, error);
            TensorAssert.assertMatchesReference(what, reference, score);
        }
    }

    @Test
    void pickScoreIsTheLogitScaledCosineOfTransformersClip() throws Exception {
        try (Reward reward = new PickScoreReward().open(pickScore(), context)) {
            assertScores("pickscore", reward, "pickscore/expected.safetensors", "pickscore");
        }
    }

    @Test
    void pickScoreReadsTheProcessorFromItsOwnFolderWhenGiven() throws Exception {
        PickScoreReward.Options options = new PickScoreReward.Options("pickscore/model", "pickscore/model", 1f);
        try (Reward reward = new PickScoreReward().open(options, context)) {
            assertScores("pickscore (explicit processor)", reward, "pickscore/expected.safetensors", "pickscore");
        }
    }

    @Test
    void hpsv2IsTheCosineOfOpenClip() throws Exception {
        try (Reward reward = new Hpsv2Reward().open(hpsv2(false), context)) {
            assertScores("hpsv2", reward, "hpsv2/expected.safetensors", "hps_score");
        }
    }

    @Test
    void hpsv2WithLogitScaleMatchesToo() throws Exception {
        try (Reward reward = new Hpsv2Reward().open(hpsv2(true), context)) {
            assertScores("hpsv2 x exp(logit_scale)", reward, "hpsv2/expected.safetensors", "hps_score_logit_scaled");
        }
    }

    @Test
    void optionsNameWhatIsMissing() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Hpsv2Reward.Options("hpsv2/hpsv2.safetensors", " ", null, false, 1f));
        assertTrue(e.getMessage().contains("tokenizer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PickScoreReward.Options("", null, 1f));
        Hpsv2Reward.Options defaults = new Hpsv2Reward.Options("x.safetensors", "tok", null, false, 1f);
        assertEquals("ViT-H-14", defaults.architecture());
        assertEquals(
                List.of("x.safetensors", "tok"),
                new Hpsv2Reward().modelReferences(defaults),
                "the built-in architecture is no file to resolve");
        assertEquals(List.of("pickscore", "hpsv2"), List.of(new PickScoreReward().id(), new Hpsv2Reward().id()));
    }
}
