package dev.focusnfix.plugins.safety.nsfwjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generic layers against TensorFlow.js itself on a tiny random model ({@code layers-fixture.js}): 'same'
 * padding at stride 2 on odd sizes, depthwise with depth multiplier 2, 'same' max and average pooling, batch
 * normalisation without centre and scale, concatenations, a capped ReLU, tanh, global pooling, flatten, a softmax
 * Dense; outputs within 1e-5 of tfjs's CPU backend.
 */
class TfjsLayersModelTest {

    private static final Path FIXTURE = NsfwjsFixtures.REFERENCE.resolve("layers-fixture");

    @Test
    void aModelOfTheOtherLayersMatchesTensorFlowJs() throws Exception {
        JsonObject expected = JsonParser.parseString(Files.readString(FIXTURE.resolve("expected.json")))
                .getAsJsonObject();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TfjsLayersModel model = TfjsLayersModel.load(FIXTURE, m);
            assertEquals(9, model.inputHeight());
            assertEquals(11, model.inputWidth());
            assertEquals("softmax", model.outputActivation());
            NDArray nhwc = m.create(floats(expected.getAsJsonArray("input")), shape(expected, "inputShapeNHWC"));
            NDArray y = model.forward(nhwc.transpose(0, 3, 1, 2), false);
            assertArrayEquals(
                    shape(expected, "outputShape").getShape(), y.getShape().getShape());
            assertArrayEquals(floats(expected.getAsJsonArray("output")), y.toFloatArray(), 1e-5f);
            NDArray logits = model.forward(nhwc.transpose(0, 3, 1, 2), true);
            assertArrayEquals(y.toFloatArray(), logits.softmax(1).toFloatArray(), 1e-6f);
            assertTrue(logits.sum().getFloat() != y.sum().getFloat(), "logits are not the probabilities");
        }
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    private static Shape shape(JsonObject json, String key) {
        JsonArray a = json.getAsJsonArray(key);
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get(i).getAsLong();
        }
        return new Shape(s);
    }
}
