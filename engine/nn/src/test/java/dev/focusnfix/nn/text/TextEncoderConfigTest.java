package dev.focusnfix.nn.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config interpretation and checkpoint bookkeeping of the text encoders. */
class TextEncoderConfigTest {

    private static JsonObject json(String path) throws IOException {
        return JsonParser.parseString(Files.readString(TestData.path(path))).getAsJsonObject();
    }

    @Test
    void readsClipTextConfig() throws IOException {
        ClipTextConfig sdxl2 = ClipTextConfig.read(TestData.path("tiny-sdxl/text_encoder_2/config.json"));
        assertEquals(new ClipEncoderConfig(32, 37, 4, 3, "gelu", 1e-5f), sdxl2.encoder());
        assertEquals(2, sdxl2.eosTokenId());
        assertTrue(sdxl2.withProjection());
        assertEquals(32, sdxl2.projectionDim());
    }

    @Test
    void unsupportedActivationIsAnErrorNamingTheKey() throws IOException {
        JsonObject config = json("tiny-sd/text_encoder/config.json");
        config.addProperty("hidden_act", "relu6");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ClipTextConfig.from(new ConfigJson(config, "config.json")));
        assertTrue(e.getMessage().contains("hidden_act"), e.getMessage());
        assertTrue(e.getMessage().contains("relu6"), e.getMessage());
    }

    @Test
    void headsThatDoNotDivideTheWidthAreAnErrorNamingTheKey() throws IOException {
        JsonObject config = json("tiny-sd/text_encoder/config.json");
        config.addProperty("num_attention_heads", 5);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ClipTextConfig.from(new ConfigJson(config, "config.json")));
        assertTrue(e.getMessage().contains("num_attention_heads"), e.getMessage());
    }

    @Test
    void unsupportedLdmBertActivationIsAnErrorNamingTheKey() throws IOException {
        JsonObject config = json("tiny-ldm/bert/config.json");
        config.addProperty("activation_function", "mish");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> LdmBertConfig.from(new ConfigJson(config, "config.json")));
        assertTrue(e.getMessage().contains("activation_function"), e.getMessage());
    }

    @Test
    void foreignModelTypeIsAnErrorNamingTheKey() throws IOException {
        JsonObject config = json("tiny-sd/text_encoder/config.json");
        config.addProperty("model_type", "t5");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ClipTextConfig.from(new ConfigJson(config, "config.json")));
        assertTrue(e.getMessage().contains("model_type"), e.getMessage());
    }

    /** Older checkpoints store the position_ids buffer; it is accepted and counts as used. */
    @Test
    void positionIdsBufferIsAcceptedAndMarkedUsed() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            try (StateDict file = StateDict.read(
                    TestData.path("tiny-sd/text_encoder/model.safetensors"), manager, DataType.FLOAT32)) {
                for (String key : file.keys()) {
                    tensors.put(key, file.get(key));
                }
            }
            tensors.put(
                    ClipTextModel.POSITION_IDS_KEY,
                    manager.arange(0, 77, 1, DataType.INT64).reshape(new Shape(1, 77)));
            ClipTextModel model =
                    new ClipTextModel(ClipTextConfig.read(TestData.path("tiny-sd/text_encoder/config.json")));
            try (StateDict weights = StateDict.of(tensors)) {
                model.loadWeights(weights);
                weights.requireAllUsed();
            }
        }
    }
}
