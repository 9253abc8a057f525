package dev.focusnfix.nn.text;

import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text encoders reproduce the fixtures' reference outputs within the stated tolerance. */
class TextEncoderReferenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "tiny-sd/text_encoder, tiny-sd/expected/text_encoder.safetensors, false",
        "tiny-sdxl/text_encoder, tiny-sdxl/expected/text_encoder.safetensors, false",
        "tiny-sdxl/text_encoder_2, tiny-sdxl/expected/text_encoder_2.safetensors, true",
    })
    void clipTextModelMatchesReference(String folder, String expectedFile, boolean withProjection) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClipTextModel model = ClipTextModel.load(TestData.path(folder), manager, DataType.FLOAT32);
            assertEquals(withProjection, model.hasProjection());
            try (NDManager scope = manager.newSubManager();
                    StateDict expected = StateDict.read(TestData.path(expectedFile), scope, DataType.FLOAT32)) {
                TextEncoderOutput out = model.forward(expected.get("input_ids"));
                assertMatchesReference(
                        folder + " last_hidden_state", expected.get("last_hidden_state"), out.lastHiddenState());
                assertMatchesReference(folder + " pooler_output", expected.get("pooler_output"), out.pooledOutput());
                assertMatchesReference(
                        folder + " penultimate_hidden_state",
                        expected.get("penultimate_hidden_state"),
                        out.penultimateHiddenState());
                if (withProjection) {
                    assertMatchesReference(folder + " text_embeds", expected.get("text_embeds"), out.textEmbeds());
                } else {
                    assertNull(out.textEmbeds());
                }
                assertEquals(
                        model.config().encoder().numHiddenLayers() + 1,
                        out.hiddenStates().size());
            }
        }
    }

    @Test
    void ldmBertMatchesReference() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            TextEncoder bert = TextEncoders.load(TestData.path("tiny-ldm/bert"), manager, DataType.FLOAT32);
            assertInstanceOf(LdmBertModel.class, bert);
            try (NDManager scope = manager.newSubManager();
                    StateDict expected = StateDict.read(
                            TestData.path("tiny-ldm/expected/bert.safetensors"), scope, DataType.FLOAT32)) {
                TextEncoderOutput out = bert.forward(expected.get("input_ids"));
                assertMatchesReference(
                        "ldmbert last_hidden_state", expected.get("last_hidden_state"), out.lastHiddenState());
            }
        }
    }

    /** The text tower of a CLIPModel checkpoint (config with text_config, shared projection_dim). */
    @Test
    void clipModelTextTowerMatchesReferenceTextEmbeds() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict weights =
                        StateDict.read(TestData.path("tiny-clip/model.safetensors"), manager, DataType.FLOAT32)) {
            ClipTextModel model = new ClipTextModel(ClipTextConfig.read(TestData.path("tiny-clip/config.json")));
            model.loadWeights(weights);
            // Whatever is left belongs to the vision tower and the logit scale.
            for (String unused : weights.unusedKeys()) {
                org.junit.jupiter.api.Assertions.assertTrue(
                        unused.startsWith("vision_model.")
                                || unused.equals("visual_projection.weight")
                                || unused.equals("logit_scale"),
                        unused);
            }
            try (NDManager scope = manager.newSubManager();
                    StateDict expected =
                            StateDict.read(TestData.path("tiny-clip/expected.safetensors"), scope, DataType.FLOAT32)) {
                NDArray textEmbeds = model.forward(expected.get("input_ids")).textEmbeds();
                assertMatchesReference("tiny-clip text_embeds", expected.get("text_embeds"), textEmbeds);
            }
        }
    }

    /** TextEncoders dispatches CLIP folders to ClipTextModel. */
    @Test
    void factoryLoadsClipFolders() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            TextEncoder encoder =
                    TextEncoders.load(TestData.path("tiny-sdxl/text_encoder_2"), manager, DataType.FLOAT32);
            assertInstanceOf(ClipTextModel.class, encoder);
            assertEquals(32, encoder.hiddenSize());
            assertEquals(77, encoder.maxPositions());
        }
    }
}
