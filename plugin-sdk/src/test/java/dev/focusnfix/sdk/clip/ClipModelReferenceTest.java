package dev.focusnfix.sdk.clip;

import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
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

    private static StateDict expected(NDManager scope) throws IOException {
        return StateDict.read(TestData.path("tiny-clip/expected.safetensors"), scope, DataType.FLOAT32);
    }

    @Test
    void preprocessingMatchesTorchBicubicResizeCropAndNormalise() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope)) {
            NDArray pixelValues = clip.preprocess(expected.get("image"));
            report("pixel_values", expected.get("pixel_values"), pixelValues);
            assertMatchesReference("pixel_values", expected.get("pixel_values"), pixelValues);
        }
    }

    @Test
    void visionTowerGivesTheImageEmbeddings() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope)) {
            NDArray imageEmbeds = clip.encodePixels(expected.get("pixel_values"));
            report("image_embeds", expected.get("image_embeds"), imageEmbeds);
            assertMatchesReference("image_embeds", expected.get("image_embeds"), imageEmbeds);
            NDArray fromImages = clip.encodeImages(expected.get("image"));
            report("image_embeds (from image)", expected.get("image_embeds"), fromImages);
            assertMatchesReference("image_embeds from image", expected.get("image_embeds"), fromImages);
        }
    }

    @Test
    void textTowerGivesTheTextEmbeddings() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope)) {
            NDArray inputIds = expected.get("input_ids");
            assertArrayEquals(
                    inputIds.toLongArray(), clip.tokenize(PROMPTS, scope).toLongArray(), "input_ids");
            NDArray textEmbeds = clip.encodeText(inputIds);
            report("text_embeds", expected.get("text_embeds"), textEmbeds);
            assertMatchesReference("text_embeds", expected.get("text_embeds"), textEmbeds);
        }
    }

    @Test
    void logitsAreScaledCosineSimilarities() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope)) {
            ClipOutput out = clip.forward(clip.preprocess(expected.get("image")), expected.get("input_ids"));
            report("logits_per_image", expected.get("logits_per_image"), out.logitsPerImage());
            assertMatchesReference("logits_per_image", expected.get("logits_per_image"), out.logitsPerImage());
            assertMatchesReference(
                    "logits_per_text", expected.get("logits_per_image").transpose(), out.logitsPerText());
        }
    }

    @Test
    void aestheticHeadScoresTheNormalisedImageEmbedding() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope)) {
            assertEquals(3, aesthetic.layers().size());
            NDArray score = aesthetic.score(clip.encodeImages(expected.get("image")));
            report("aesthetic", expected.get("aesthetic"), score);
            assertMatchesReference("aesthetic", expected.get("aesthetic"), score);
        }
    }

    @Test
    void gradientsFlowFromTheEmbeddingsToThePixels() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope)) {
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
        }
    }

    private static void report(String name, NDArray expected, NDArray actual) {
        System.out.printf("tiny-clip %s: relative L2 error %.3e%n", name, TensorAssert.relativeL2(expected, actual));
    }
}
