package dev.focusnfix.nn.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.module.Parameter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Config validation (unsupported values are errors naming the key) and equivalence of int and list forms. */
class UNetConfigTest {

    private static JsonObject sdConfig() throws Exception {
        return JsonParser.parseString(Files.readString(TestData.path("tiny-sd/unet/config.json")))
                .getAsJsonObject();
    }

    private static JsonObject sdxlConfig() throws Exception {
        return JsonParser.parseString(Files.readString(TestData.path("tiny-sdxl/unet/config.json")))
                .getAsJsonObject();
    }

    private static UNetConfig parse(JsonObject json) {
        return UNetConfig.parse(json.toString(), "test config");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "class_embed_type | \"timestep\"",
                "attention_type | \"gated\"",
                "dual_cross_attention | true",
                "encoder_hid_dim | 768",
                "encoder_hid_dim_type | \"text_proj\"",
                "time_cond_proj_dim | 256",
                "num_class_embeds | 10",
                "addition_embed_type | \"text\"",
                "time_embedding_type | \"fourier\"",
                "resnet_time_scale_shift | \"ada_group\"",
                "mid_block_type | \"UNetMidBlock2DSimpleCrossAttn\"",
                "act_fn | \"mish\"",
                "only_cross_attention | true",
                "class_embeddings_concat | true",
                "timestep_post_act | \"silu\"",
                "cross_attention_norm | \"group_norm\"",
                "dropout | 0.1",
                "norm_num_groups | null",
            })
    void unsupportedValueIsAnErrorNamingKeyAndValue(String key, String value) throws Exception {
        JsonObject json = sdConfig();
        json.add(key, JsonParser.parseString(value));
        UNetConfigException e = assertThrows(UNetConfigException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void unsupportedBlockTypeIsAnErrorNamingIt() throws Exception {
        JsonObject json = sdConfig();
        JsonArray down = json.getAsJsonArray("down_block_types");
        down.set(0, new JsonPrimitive("AttnDownBlock2D"));
        UNetConfigException e = assertThrows(UNetConfigException.class, () -> parse(json));
        assertTrue(
                e.getMessage().contains("down_block_types") && e.getMessage().contains("AttnDownBlock2D"),
                e.getMessage());
    }

    @Test
    void unknownKeyIsAnErrorButMetadataIsNot() throws Exception {
        JsonObject json = sdConfig();
        json.add("_name_or_path", new JsonPrimitive("somewhere"));
        json.add("sample_size", new JsonPrimitive(64));
        parse(json);
        json.add("fancy_new_option", new JsonPrimitive(3));
        UNetConfigException e = assertThrows(UNetConfigException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("'fancy_new_option'"), e.getMessage());
    }

    @Test
    void listLengthMismatchIsAnError() throws Exception {
        JsonObject json = sdConfig();
        json.add("attention_head_dim", JsonParser.parseString("[8, 8]"));
        UNetConfigException e = assertThrows(UNetConfigException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("attention_head_dim"), e.getMessage());
    }

    @Test
    void attentionHeadDimCountsHeadsWhenNumAttentionHeadsIsNull() throws Exception {
        UNet2DConditionModel unet = new UNet2DConditionModel(parse(sdConfig()));
        Attention attn = unet.attentionModules().get("down_blocks.0.attentions.0.transformer_blocks.0.attn1");
        assertEquals(8, attn.heads());
        assertEquals(4, attn.headDim()); // 32 channels / 8 heads

        UNet2DConditionModel sdxl = new UNet2DConditionModel(parse(sdxlConfig()));
        Attention deep = sdxl.attentionModules().get("down_blocks.2.attentions.0.transformer_blocks.1.attn2");
        assertEquals(4, deep.heads());
        assertEquals(16, deep.headDim()); // 64 / 4
        Attention up = sdxl.attentionModules().get("up_blocks.1.attentions.0.transformer_blocks.0.attn1");
        assertEquals(4, up.heads()); // reversed: up block 1 mirrors down block 1
    }

    @Test
    void intAndListFormsBuildTheSameStructure() throws Exception {
        JsonObject ints = sdConfig();
        JsonObject lists = sdConfig();
        lists.add("attention_head_dim", JsonParser.parseString("[8, 8, 8]"));
        lists.add("transformer_layers_per_block", JsonParser.parseString("[1, 1, 1]"));
        lists.add("layers_per_block", JsonParser.parseString("[2, 2, 2]"));
        lists.add("cross_attention_dim", JsonParser.parseString("[32, 32, 32]"));
        assertEquals(shapes(ints), shapes(lists));

        JsonObject sdxlLists = sdxlConfig();
        JsonObject sdxlPerLayer = sdxlConfig();
        // Per-layer depth lists with explicit reverse lists describe the same network as [1, 1, 2].
        sdxlPerLayer.add("transformer_layers_per_block", JsonParser.parseString("[[1, 1], [1, 1], [2, 2]]"));
        sdxlPerLayer.add(
                "reverse_transformer_layers_per_block", JsonParser.parseString("[[2, 2, 2], [1, 1, 1], [1, 1, 1]]"));
        assertEquals(shapes(sdxlLists), shapes(sdxlPerLayer));
    }

    @Test
    void listValuesChangeTheStructurePerBlock() throws Exception {
        JsonObject json = sdConfig();
        json.add("attention_head_dim", JsonParser.parseString("[2, 4, 8]"));
        json.add("transformer_layers_per_block", JsonParser.parseString("[1, 3, 1]"));
        json.add("layers_per_block", JsonParser.parseString("[1, 2, 1]"));
        UNet2DConditionModel unet = new UNet2DConditionModel(parse(json));
        Map<String, Attention> attn = unet.attentionModules();
        assertEquals(
                2,
                attn.get("down_blocks.0.attentions.0.transformer_blocks.0.attn1")
                        .heads());
        assertEquals(
                4,
                attn.get("down_blocks.1.attentions.1.transformer_blocks.2.attn1")
                        .heads());
        assertTrue(!attn.containsKey("down_blocks.1.attentions.1.transformer_blocks.3.attn1"));
        assertEquals(1, unet.downBlocks().get(0).outputCount() - 1); // one resnet + downsampler
        // Up block 1 mirrors down block 1: layers_per_block + 1 = 3 resnets, depth 3, 4 heads.
        assertEquals(3, unet.upBlocks().get(1).skipCount());
        assertEquals(
                4,
                attn.get("up_blocks.1.attentions.2.transformer_blocks.2.attn2").heads());
        // The mid block takes the last block's depth and heads.
        assertEquals(
                8, attn.get("mid_block.attentions.0.transformer_blocks.0.attn1").heads());
    }

    @Test
    void numAttentionHeadsCountsHeadsWhenSet() throws Exception {
        JsonObject json = sdConfig();
        json.add("num_attention_heads", JsonParser.parseString("[2, 4, 4]"));
        json.add("attention_head_dim", JsonNull.INSTANCE);
        UNet2DConditionModel unet = new UNet2DConditionModel(parse(json));
        assertEquals(
                2,
                unet.attentionModules()
                        .get("down_blocks.0.attentions.0.transformer_blocks.0.attn1")
                        .heads());
    }

    @Test
    void indivisibleHeadsAreAnError() throws Exception {
        JsonObject json = sdConfig();
        json.add("attention_head_dim", new JsonPrimitive(5));
        UNetConfigException e = assertThrows(UNetConfigException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("attention_head_dim"), e.getMessage());
    }

    @Test
    void publishedConfigsBuildTheirPublishedParameterCounts() {
        String sd15 = "{\"_class_name\": \"UNet2DConditionModel\", \"act_fn\": \"silu\", \"attention_head_dim\": 8,"
                + " \"block_out_channels\": [320, 640, 1280, 1280], \"center_input_sample\": false,"
                + " \"cross_attention_dim\": 768, \"down_block_types\": [\"CrossAttnDownBlock2D\","
                + " \"CrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\", \"DownBlock2D\"], \"downsample_padding\": 1,"
                + " \"flip_sin_to_cos\": true, \"freq_shift\": 0, \"in_channels\": 4, \"layers_per_block\": 2,"
                + " \"mid_block_scale_factor\": 1, \"norm_eps\": 1e-05, \"norm_num_groups\": 32, \"out_channels\": 4,"
                + " \"sample_size\": 64, \"up_block_types\": [\"UpBlock2D\", \"CrossAttnUpBlock2D\","
                + " \"CrossAttnUpBlock2D\", \"CrossAttnUpBlock2D\"]}";
        assertEquals(859_520_964L, new UNet2DConditionModel(UNetConfig.parse(sd15, "sd-v1-5")).parameterCount());

        String sdxl = "{\"_class_name\": \"UNet2DConditionModel\", \"addition_embed_type\": \"text_time\","
                + " \"addition_time_embed_dim\": 256, \"attention_head_dim\": [5, 10, 20],"
                + " \"block_out_channels\": [320, 640, 1280], \"cross_attention_dim\": 2048,"
                + " \"down_block_types\": [\"DownBlock2D\", \"CrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\"],"
                + " \"layers_per_block\": 2, \"projection_class_embeddings_input_dim\": 2816,"
                + " \"transformer_layers_per_block\": [1, 2, 10], \"use_linear_projection\": true,"
                + " \"up_block_types\": [\"CrossAttnUpBlock2D\", \"CrossAttnUpBlock2D\", \"UpBlock2D\"],"
                + " \"sample_size\": 128}";
        assertEquals(2_567_463_684L, new UNet2DConditionModel(UNetConfig.parse(sdxl, "sdxl-base")).parameterCount());
    }

    private static Map<String, List<Long>> shapes(JsonObject json) {
        Map<String, List<Long>> result = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e :
                new UNet2DConditionModel(parse(json)).parameters().entrySet()) {
            long[] dims = e.getValue().shape().getShape();
            result.put(e.getKey(), java.util.Arrays.stream(dims).boxed().toList());
        }
        return result;
    }
}
