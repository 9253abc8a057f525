package dev.focusnfix.sdk.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.testkit.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLIPModel fixture ({@code tiny-clip}) reproduces every reference tensor: preprocessing, both towers, the
 * similarity logits and the aesthetic head. Loading itself proves that every checkpoint tensor is used.
 */
class ClipModelReferenceTest {

    /** The prompts whose ids the fixture stores in {@code input_ids}. */
    static final List<String> PROMPTS = List.of("a red box next to a blue box", "a photo of a deer");

    private static NDManager manager;
    private static ClipModel clip;
    private static AestheticPredictor aesthetic;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        Path folder = TestData.path("tiny-clip");
        clip = ClipModel.load(folder, manager, DataType.FLOAT32);
        aesthetic = AestheticPredictor.load(folder.resolve("aesthetic_head.safetensors"), manager, DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static final ReferenceTensors REFERENCE = new ReferenceTensors("tiny-clip");

    @Test
    void preprocessingMatchesTorchBicubicResizeCropAndNormalise() throws IOException {
        REFERENCE.check(
                manager,
                (expected, scope) ->
                        REFERENCE.assertMatches(expected, "pixel_values", clip.preprocess(expected.get("image"))));
    }

    @Test
    void visionTowerGivesTheImageEmbeddings() throws IOException {
        REFERENCE.check(manager, (expected, scope) -> {
            REFERENCE.assertMatches(expected, "image_embeds", clip.encodePixels(expected.get("pixel_values")));
            REFERENCE.assertMatches(
                    "image_embeds from image", expected.get("image_embeds"), clip.encodeImages(expected.get("image")));
        });
    }

    @Test
    void textTowerGivesTheTextEmbeddings() throws IOException {
        REFERENCE.check(manager, (expected, scope) -> {
            NDArray inputIds = expected.get("input_ids");
            assertArrayEquals(
                    inputIds.toLongArray(), clip.tokenize(PROMPTS, scope).toLongArray(), "input_ids");
            REFERENCE.assertMatches(expected, "text_embeds", clip.encodeText(inputIds));
        });
    }

    @Test
    void logitsAreScaledCosineSimilarities() throws IOException {
        REFERENCE.check(manager, (expected, scope) -> {
            ClipOutput out = clip.forward(clip.preprocess(expected.get("image")), expected.get("input_ids"));
            REFERENCE.assertMatches(expected, "logits_per_image", out.logitsPerImage());
            REFERENCE.assertMatches(
                    "logits_per_text", expected.get("logits_per_image").transpose(), out.logitsPerText());
        });
    }

    @Test
    void aestheticHeadScoresTheNormalisedImageEmbedding() throws IOException {
        REFERENCE.check(manager, (expected, scope) -> {
            assertEquals(3, aesthetic.layers().size());
            REFERENCE.assertMatches(expected, "aesthetic", aesthetic.score(clip.encodeImages(expected.get("image"))));
        });
    }

    @Test
    void gradientsFlowFromTheEmbeddingsToThePixels() throws IOException {
        REFERENCE.check(manager, (expected, scope) -> {
            NDArray image = expected.get("image");
            image.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(aesthetic.score(clip.encodeImages(image)).sum());
            }
            NDArray gradient = image.getGradient();
            for (float g : gradient.toFloatArray()) {
                assertTrue(Float.isFinite(g));
            }
            assertTrue(gradient.abs().sum().getFloat() > 0, "the pixels receive a gradient");
        });
    }
}
