package dev.focusnfix.sdk.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the CLIP vision config, the preprocessor config and aesthetic-predictor checkpoints. */
class ClipConfigTest {

    @TempDir
    Path temp;

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void visionConfigOfTheClipModelFixture() throws IOException {
        ClipVisionConfig config = ClipVisionConfig.read(TestData.path("tiny-clip/config.json"));
        assertEquals(40, config.encoder().hiddenSize());
        assertEquals(32, config.imageSize());
        assertEquals(8, config.patchSize());
        assertEquals(17, config.numPositions());
        assertEquals(24, config.projectionDim());
        assertTrue(config.withProjection());
    }

    @Test
    void visionConfigRejectsPatchesThatDoNotTileTheImage() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ClipVisionConfig.from(new ConfigJson(
                        json("{\"model_type\":\"clip_vision_model\",\"image_size\":30,\"patch_size\":8}"),
                        "config.json")));
        assertTrue(e.getMessage().contains("patch_size"), e.getMessage());
        ClipVisionConfig plain =
                ClipVisionConfig.from(new ConfigJson(json("{\"architectures\":[\"CLIPVisionModel\"]}"), "config.json"));
        assertFalse(plain.withProjection());
        assertEquals(224, plain.imageSize());
    }

    @Test
    void preprocessorConfigForms() {
        ClipImageProcessor legacy = ClipImageProcessor.from(json("{\"size\":224,\"crop_size\":224}"), "p.json");
        assertEquals(224, legacy.shortestEdge());
        assertEquals(224, legacy.cropHeight());
        assertEquals(Interpolation.BICUBIC, legacy.interpolation());
        assertArrayEquals(ClipImageProcessor.OPENAI_CLIP_MEAN, legacy.imageMean());

        ClipImageProcessor exact = ClipImageProcessor.from(
                json("{\"size\":{\"height\":20,\"width\":30},\"do_center_crop\":false,\"resample\":2}"), "p.json");
        assertEquals(0, exact.shortestEdge());
        assertEquals(Interpolation.BILINEAR, exact.interpolation());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pixels = exact.preprocess(m.ones(new Shape(1, 3, 8, 8)));
            assertEquals(new Shape(1, 3, 20, 30), pixels.getShape());
        }

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ClipImageProcessor.from(json("{\"resample\":1}"), "p.json"));
        assertTrue(e.getMessage().contains("p.json") && e.getMessage().contains("resample"), e.getMessage());
    }

    @Test
    void aestheticPredictorWithDropoutGapsLoadsItsLinearLayers() throws IOException {
        // The published predictor: Linear at 0, 2, 4, 6, 7 (dropout modules in between hold no weights).
        Path file = temp.resolve("head.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            long[][] shapes = {{6, 4}, {5, 6}, {3, 5}, {2, 3}, {1, 2}};
            int[] indices = {0, 2, 4, 6, 7};
            for (int i = 0; i < indices.length; i++) {
                tensors.put("layers." + indices[i] + ".weight", m.ones(new Shape(shapes[i])));
                tensors.put("layers." + indices[i] + ".bias", m.zeros(new Shape(shapes[i][0])));
            }
            SafetensorsWriter.write(file, tensors, Map.of());
            AestheticPredictor head = AestheticPredictor.load(file, m, DataType.FLOAT32);
            assertEquals(5, head.layers().size());
            assertEquals(4, head.inputDim());
            // Unit vector (0.5, 0.5, 0.5, 0.5) through all-ones layers: 2 * 6 * 5 * 3 * 2 = 360.
            NDArray score = head.score(m.create(new float[] {1f, 1f, 1f, 1f}, new Shape(1, 4)));
            assertArrayEquals(new float[] {360f}, score.toFloatArray(), 1e-3f);

            tensors.put("layers.9.weight", m.ones(new Shape(1, 3)));
            SafetensorsWriter.write(file, tensors, Map.of());
            WeightsException e =
                    assertThrows(WeightsException.class, () -> AestheticPredictor.load(file, m, DataType.FLOAT32));
            assertTrue(e.getMessage().contains("layers.9"), e.getMessage());
        }
    }
}
