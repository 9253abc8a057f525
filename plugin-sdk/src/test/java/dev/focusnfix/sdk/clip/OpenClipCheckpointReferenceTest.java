package dev.focusnfix.sdk.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open_clip layout ({@code hpsv2/}, made by {@code make_tiny_hpsv2.py} with open_clip itself) loads into the
 * native CLIP and reproduces open_clip's {@code encode_image}, {@code encode_text} and its tokenizer's ids.
 */
class OpenClipCheckpointReferenceTest {

    /** The prompts of the fixture (its metadata repeats them). */
    static final List<String> PROMPTS = List.of(
            "a stunning photo of the blue deer",
            "a painting of a robot with a red shirt",
            "three small box under the moon at night");

    private static final ReferenceTensors REFERENCE = new ReferenceTensors("hpsv2");
    private static final Path WEIGHTS = TestData.path("hpsv2/hpsv2.safetensors");

    private static NDManager manager;
    private static ClipModel clip;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        clip = load(WEIGHTS, config());
    }

    /** The fixture's open_clip model config. */
    private static OpenClipConfig config() throws IOException {
        return OpenClipConfig.read(TestData.path("hpsv2/open_clip_config.json"));
    }

    /** A checkpoint loaded with the fixture's tokenizer. */
    private static ClipModel load(Path weights, OpenClipConfig config) throws IOException {
        return OpenClipCheckpoint.load(weights, config, TestData.path("hpsv2/tokenizer"), manager, DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void configTranslatesOpenClipShapes() throws IOException {
        OpenClipConfig config = config();
        assertEquals(4, config.vision().encoder().numAttentionHeads(), "width 40 / head_width 10");
        assertEquals(56, config.vision().encoder().intermediateSize(), "mlp_ratio 1.4 x 40");
        assertEquals(48, config.text().encoder().intermediateSize(), "mlp_ratio 1.5 x 32");
        assertEquals("gelu", config.text().encoder().hiddenAct());
        assertEquals(24, config.vision().projectionDim());
        OpenClipConfig vitH = OpenClipConfig.builtin(OpenClipConfig.VIT_H_14);
        assertEquals(16, vitH.vision().encoder().numAttentionHeads(), "ViT-H/14: 1280 / head_width 80");
        assertEquals(5120, vitH.vision().encoder().intermediateSize());
        assertEquals(257, vitH.vision().numPositions(), "224/14 = 16 patches per side, plus the class token");
        assertEquals(1024, vitH.text().projectionDim());
        assertEquals(49408, vitH.text().vocabSize());
    }

    @Test
    void preprocessingIsTheTensorFormOfOpenClipsTransform() throws IOException {
        REFERENCE.check(
                manager,
                (expected, scope) ->
                        REFERENCE.assertMatches(expected, "pixel_values", clip.preprocess(expected.get("images"))));
    }

    @Test
    void visionTowerGivesOpenClipsImageFeatures() throws IOException {
        REFERENCE.check(
                manager,
                (expected, scope) -> REFERENCE.assertMatches(
                        expected, "image_features", clip.encodePixels(expected.get("pixel_values"))));
    }

    @Test
    void textTowerGivesOpenClipsTextFeatures() throws IOException {
        REFERENCE.check(
                manager,
                (expected, scope) ->
                        REFERENCE.assertMatches(expected, "text_features", clip.encodeText(expected.get("input_ids"))));
    }

    @Test
    void tokenizerGivesOpenClipsIdsUpToTheEndToken() throws IOException {
        REFERENCE.check(manager, (expected, scope) -> {
            long[] reference = expected.get("input_ids").toLongArray();
            long[] ours = clip.tokenize(PROMPTS, scope).toLongArray();
            assertEquals(reference.length, ours.length);
            int length = clip.tokenizer().maxLength();
            for (int i = 0; i < PROMPTS.size(); i++) {
                // open_clip pads with 0, the HF tokenizer with the end token; under the causal mask and end-token
                // pooling only the ids up to the first end token matter.
                int end = 0;
                while (reference[i * length + end] != 713) {
                    end++;
                }
                long[] expectedRow = java.util.Arrays.copyOfRange(reference, i * length, i * length + end + 1);
                long[] ourRow = java.util.Arrays.copyOfRange(ours, i * length, i * length + end + 1);
                assertArrayEquals(expectedRow, ourRow, "ids of prompt " + i);
            }
            NDArray fromOurIds = clip.encodeText(clip.tokenize(PROMPTS, scope));
            REFERENCE.assertMatches("text_features from our ids", expected.get("text_features"), fromOurIds);
        });
    }

    @Test
    void logitScaleIsRead() {
        assertEquals(3.1, clip.logitScale(), 1e-6);
    }

    @Test
    void refusesPicklesNamingTheConverter(@TempDir Path temp) throws IOException {
        Path pickle = Files.writeString(temp.resolve("HPS_v2_compressed.pt"), "not readable");
        OpenClipConfig config = config();
        IOException e = assertThrows(IOException.class, () -> load(pickle, config));
        assertTrue(e.getMessage().contains("convert_open_clip_checkpoint.py"), e.getMessage());
    }

    @Test
    void refusesACheckpointWithKeysNoModuleUses(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("extra.safetensors");
        try (NDManager scope = manager.newSubManager();
                StateDict original = StateDict.read(WEIGHTS, scope, DataType.FLOAT32)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (String key : original.keys()) {
                tensors.put(key, original.get(key));
            }
            tensors.put("visual.attn_pool.query", scope.zeros(new ai.djl.ndarray.types.Shape(2, 40)));
            SafetensorsWriter.write(file, tensors, Map.of());
        }
        OpenClipConfig config = config();
        WeightsException e = assertThrows(WeightsException.class, () -> load(file, config));
        assertTrue(e.getMessage().contains("visual.attn_pool.query"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefusedWithTheShapes() {
        WeightsException e = assertThrows(
                WeightsException.class, () -> load(WEIGHTS, OpenClipConfig.builtin(OpenClipConfig.VIT_H_14)));
        assertTrue(
                e.getMessage().contains("width 1024 needs 3072 rows")
                        && e.getMessage().contains("another architecture"),
                e.getMessage());
    }

    @Test
    void refusesUnsupportedOpenClipFeaturesByName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> OpenClipConfig.from(ConfigJson.parse(
                        "{\"embed_dim\": 8, \"vision_cfg\": {\"width\": 16, \"head_width\": 8,"
                                + " \"ls_init_value\": 0.1}, \"text_cfg\": {}}",
                        "test.json",
                        IllegalArgumentException::new)));
        assertTrue(e.getMessage().contains("ls_init_value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpenClipConfig.builtin("ViT-Z-99"));
    }
}
