package dev.focusnfix.nn.unet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A diffusers {@code UNet2DConditionModel} {@code config.json}, read with diffusers 0.25 semantics and resolved into
 * per-block values. Every key is checked: a value this implementation does not support, or an unknown key that is
 * not pure metadata, is a {@link UNetConfigException} naming the key and value, never a silent default.
 *
 * <p>Head counts follow diffusers 0.25: when {@code num_attention_heads} is null, {@code attention_head_dim} is the
 * NUMBER of heads (SD v1.x's {@code attention_head_dim: 8} means 8 heads); each head then has
 * {@code channels / heads} dimensions.
 */
public final class UNetConfig {

    /** Block types this implementation builds. */
    public static final String CROSS_ATTN_DOWN = "CrossAttnDownBlock2D";

    public static final String DOWN = "DownBlock2D";
    public static final String CROSS_ATTN_UP = "CrossAttnUpBlock2D";
    public static final String UP = "UpBlock2D";
    public static final String MID_CROSS_ATTN = "UNetMidBlock2DCrossAttn";

    /** Keys that describe the file or the training setup and have no effect on the network. */
    private static final Set<String> METADATA_KEYS = Set.of("sample_size");

    private final String source;
    private final int inChannels;
    private final int outChannels;
    private final boolean centerInputSample;
    private final boolean flipSinToCos;
    private final double freqShift;
    private final List<String> downBlockTypes;
    private final String midBlockType;
    private final List<String> upBlockTypes;
    private final List<Integer> blockOutChannels;
    private final List<Integer> layersPerBlock;
    private final int downsamplePadding;
    private final double midBlockScaleFactor;
    private final int normNumGroups;
    private final float normEps;
    private final List<Integer> crossAttentionDim;
    private final List<List<Integer>> downTransformerDepths;
    private final List<List<Integer>> upTransformerDepths;
    private final List<Integer> midTransformerDepths;
    private final List<Integer> attentionHeads;
    private final boolean useLinearProjection;
    private final boolean upcastAttention;
    private final boolean scaleShiftTimeEmbedding;
    private final int convInKernel;
    private final int convOutKernel;
    private final int timeEmbedDim;
    private final String timeEmbeddingActFn;
    private final boolean textTimeAddition;
    private final int additionTimeEmbedDim;
    private final int projectionClassEmbeddingsInputDim;

    private UNetConfig(JsonObject json, String source) {
        this.source = source;
        Reader r = new Reader(json, source);

        String className = r.optString("_class_name", "UNet2DConditionModel");
        if (!"UNet2DConditionModel".equals(className)) {
            throw r.unsupported("_class_name", className, "UNet2DConditionModel");
        }
        inChannels = r.optInt("in_channels", 4);
        outChannels = r.optInt("out_channels", 4);
        centerInputSample = r.optBool("center_input_sample", false);
        flipSinToCos = r.optBool("flip_sin_to_cos", true);
        freqShift = r.optDouble("freq_shift", 0);

        downBlockTypes =
                r.stringList("down_block_types", List.of(CROSS_ATTN_DOWN, CROSS_ATTN_DOWN, CROSS_ATTN_DOWN, DOWN));
        for (String type : downBlockTypes) {
            if (!type.equals(CROSS_ATTN_DOWN) && !type.equals(DOWN)) {
                throw r.unsupported("down_block_types", type, CROSS_ATTN_DOWN + ", " + DOWN);
            }
        }
        upBlockTypes = r.stringList("up_block_types", List.of(UP, CROSS_ATTN_UP, CROSS_ATTN_UP, CROSS_ATTN_UP));
        for (String type : upBlockTypes) {
            if (!type.equals(CROSS_ATTN_UP) && !type.equals(UP)) {
                throw r.unsupported("up_block_types", type, CROSS_ATTN_UP + ", " + UP);
            }
        }
        midBlockType = r.optNullableString("mid_block_type", MID_CROSS_ATTN);
        if (midBlockType != null && !midBlockType.equals(MID_CROSS_ATTN)) {
            throw r.unsupported("mid_block_type", midBlockType, MID_CROSS_ATTN + " or null");
        }
        int blocks = downBlockTypes.size();
        if (upBlockTypes.size() != blocks) {
            throw r.invalid("up_block_types", "must have as many entries as down_block_types (" + blocks + ")");
        }
        blockOutChannels = r.intList("block_out_channels", List.of(320, 640, 1280, 1280));
        if (blockOutChannels.size() != blocks) {
            throw r.invalid("block_out_channels", "must have as many entries as down_block_types (" + blocks + ")");
        }
        layersPerBlock = r.intOrList("layers_per_block", 2, blocks);
        downsamplePadding = r.optInt("downsample_padding", 1);
        midBlockScaleFactor = r.optDouble("mid_block_scale_factor", 1);

        double dropout = r.optDouble("dropout", 0);
        if (dropout != 0) {
            throw r.unsupported("dropout", dropout, "0.0 (dropout is not implemented)");
        }
        String actFn = r.optString("act_fn", "silu");
        if (!actFn.equals("silu") && !actFn.equals("swish")) {
            throw r.unsupported("act_fn", actFn, "silu, swish");
        }
        JsonElement groups = r.raw("norm_num_groups");
        if (groups != null && groups.isJsonNull()) {
            throw r.unsupported("norm_num_groups", null, "an integer");
        }
        normNumGroups = r.optInt("norm_num_groups", 32);
        normEps = (float) r.optDouble("norm_eps", 1e-5);
        crossAttentionDim = r.intOrList("cross_attention_dim", 1280, blocks);

        // Attention heads: num_attention_heads (when set) counts heads; else attention_head_dim does (diffusers 0.25).
        // (The cross-attention blocks built here never read attention_head_dim once num_attention_heads is set.)
        boolean headsGiven = !r.isNull("num_attention_heads");
        JsonElement headDim = r.raw("attention_head_dim");
        if (headsGiven) {
            attentionHeads = r.intOrList("num_attention_heads", 8, blocks);
        } else if (headDim != null && headDim.isJsonNull()) {
            throw r.invalid(
                    "attention_head_dim", "is null and num_attention_heads is not set: the head count is unknown");
        } else {
            attentionHeads = r.intOrList("attention_head_dim", 8, blocks);
        }
        for (int i = 0; i < blocks; i++) {
            int channels = blockOutChannels.get(i);
            int heads = attentionHeads.get(i);
            if (heads <= 0 || channels % heads != 0) {
                throw r.invalid(
                        r.isNull("num_attention_heads") ? "attention_head_dim" : "num_attention_heads",
                        "block " + i + ": " + channels + " channels cannot be split into " + heads + " heads");
            }
        }

        // Transformer depth per block, and per layer inside a block.
        JsonElement depth = r.raw("transformer_layers_per_block");
        JsonElement reverseDepth = r.raw("reverse_transformer_layers_per_block");
        List<Object> depthPerBlock = new ArrayList<>();
        if (depth == null || depth.isJsonNull()) {
            for (int i = 0; i < blocks; i++) {
                depthPerBlock.add(1);
            }
        } else if (depth.isJsonPrimitive()) {
            for (int i = 0; i < blocks; i++) {
                depthPerBlock.add(r.asInt("transformer_layers_per_block", depth));
            }
        } else if (depth.isJsonArray()) {
            JsonArray array = depth.getAsJsonArray();
            if (array.size() != blocks) {
                throw r.invalid(
                        "transformer_layers_per_block", "has " + array.size() + " entries for " + blocks + " blocks");
            }
            for (JsonElement e : array) {
                if (e.isJsonArray()) {
                    if (reverseDepth == null || reverseDepth.isJsonNull()) {
                        throw r.invalid(
                                "transformer_layers_per_block",
                                "per-layer lists require reverse_transformer_layers_per_block (as diffusers does)");
                    }
                    depthPerBlock.add(r.intArray("transformer_layers_per_block", e.getAsJsonArray()));
                } else {
                    depthPerBlock.add(r.asInt("transformer_layers_per_block", e));
                }
            }
        } else {
            throw r.invalid("transformer_layers_per_block", "must be an integer or a list");
        }
        List<List<Integer>> down = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            down.add(expandDepth(r, "transformer_layers_per_block", depthPerBlock.get(i), layersPerBlock.get(i)));
        }
        downTransformerDepths = Collections.unmodifiableList(down);
        midTransformerDepths = expandDepth(r, "transformer_layers_per_block", depthPerBlock.get(blocks - 1), 1);
        List<List<Integer>> up = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            int layers = layersPerBlock.get(blocks - 1 - i) + 1;
            Object spec;
            if (reverseDepth == null || reverseDepth.isJsonNull()) {
                spec = depthPerBlock.get(blocks - 1 - i);
            } else {
                if (!reverseDepth.isJsonArray() || reverseDepth.getAsJsonArray().size() != blocks) {
                    throw r.invalid("reverse_transformer_layers_per_block", "must be a list with one entry per block");
                }
                JsonElement e = reverseDepth.getAsJsonArray().get(i);
                spec = e.isJsonArray()
                        ? r.intArray("reverse_transformer_layers_per_block", e.getAsJsonArray())
                        : (Object) r.asInt("reverse_transformer_layers_per_block", e);
            }
            up.add(expandDepth(r, "reverse_transformer_layers_per_block", spec, layers));
        }
        upTransformerDepths = Collections.unmodifiableList(up);

        useLinearProjection = r.optBool("use_linear_projection", false);
        upcastAttention = r.optBool("upcast_attention", false);
        JsonElement onlyCross = r.raw("only_cross_attention");
        if (onlyCross != null && !onlyCross.isJsonNull()) {
            boolean any = false;
            if (onlyCross.isJsonArray()) {
                for (JsonElement e : onlyCross.getAsJsonArray()) {
                    any |= e.getAsBoolean();
                }
            } else {
                any = onlyCross.getAsBoolean();
            }
            if (any) {
                throw r.unsupported("only_cross_attention", onlyCross, "false");
            }
        }
        r.requireNullOrFalse("dual_cross_attention");
        r.requireNull("encoder_hid_dim");
        r.requireNull("encoder_hid_dim_type");
        r.requireNull("class_embed_type");
        r.requireNull("num_class_embeds");
        r.requireNullOrFalse("class_embeddings_concat");
        r.requireNull("timestep_post_act");
        r.requireNull("time_cond_proj_dim");
        r.requireNull("cross_attention_norm");
        String attentionType = r.optString("attention_type", "default");
        if (!attentionType.equals("default")) {
            throw r.unsupported("attention_type", attentionType, "default");
        }
        String timeScaleShift = r.optString("resnet_time_scale_shift", "default");
        if (!timeScaleShift.equals("default") && !timeScaleShift.equals("scale_shift")) {
            throw r.unsupported("resnet_time_scale_shift", timeScaleShift, "default, scale_shift");
        }
        scaleShiftTimeEmbedding = timeScaleShift.equals("scale_shift");
        String timeEmbeddingType = r.optString("time_embedding_type", "positional");
        if (!timeEmbeddingType.equals("positional")) {
            throw r.unsupported("time_embedding_type", timeEmbeddingType, "positional");
        }
        convInKernel = r.optInt("conv_in_kernel", 3);
        convOutKernel = r.optInt("conv_out_kernel", 3);
        if (convInKernel % 2 == 0) {
            throw r.unsupported("conv_in_kernel", convInKernel, "an odd kernel size");
        }
        if (convOutKernel % 2 == 0) {
            throw r.unsupported("conv_out_kernel", convOutKernel, "an odd kernel size");
        }
        timeEmbedDim = r.isNull("time_embedding_dim") ? blockOutChannels.get(0) * 4 : r.optInt("time_embedding_dim", 0);
        timeEmbeddingActFn = r.optNullableString("time_embedding_act_fn", null);
        if (timeEmbeddingActFn != null) {
            try {
                dev.focusnfix.nn.layers.Activations.byName(timeEmbeddingActFn);
            } catch (IllegalArgumentException e) {
                throw r.unsupported("time_embedding_act_fn", timeEmbeddingActFn, "null, silu, gelu");
            }
        }

        String additionType = r.optNullableString("addition_embed_type", null);
        if (additionType != null && !additionType.equals("text_time")) {
            throw r.unsupported("addition_embed_type", additionType, "null, text_time");
        }
        textTimeAddition = "text_time".equals(additionType);
        if (textTimeAddition) {
            if (r.isNull("addition_time_embed_dim")) {
                throw r.invalid("addition_time_embed_dim", "must be set when addition_embed_type is text_time");
            }
            if (r.isNull("projection_class_embeddings_input_dim")) {
                throw r.invalid(
                        "projection_class_embeddings_input_dim", "must be set when addition_embed_type is text_time");
            }
            additionTimeEmbedDim = r.optInt("addition_time_embed_dim", 0);
            projectionClassEmbeddingsInputDim = r.optInt("projection_class_embeddings_input_dim", 0);
        } else {
            // Without an addition embedding diffusers ignores these; read them so they count as known keys.
            r.raw("addition_time_embed_dim");
            r.raw("projection_class_embeddings_input_dim");
            additionTimeEmbedDim = 0;
            projectionClassEmbeddingsInputDim = 0;
        }
        // Keys diffusers 0.25 passes only to block types this implementation rejects above, so any value is inert.
        r.raw("addition_embed_type_num_heads");
        r.raw("mid_block_only_cross_attention");
        r.raw("resnet_skip_time_act");
        r.raw("resnet_out_scale_factor");

        r.rejectUnknownKeys();
    }

    private static List<Integer> expandDepth(Reader r, String key, Object spec, int layers) {
        List<Integer> depths = new ArrayList<>();
        if (spec instanceof Integer) {
            for (int j = 0; j < layers; j++) {
                depths.add((Integer) spec);
            }
        } else {
            @SuppressWarnings("unchecked")
            List<Integer> list = (List<Integer>) spec;
            if (list.size() < layers) {
                throw r.invalid(key, "a per-layer list has " + list.size() + " entries for " + layers + " layers");
            }
            depths.addAll(list.subList(0, layers));
        }
        return Collections.unmodifiableList(depths);
    }

    /** Parses a config from JSON text; {@code source} names it in error messages. */
    public static UNetConfig parse(String json, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (com.google.gson.JsonParseException e) {
            throw new UNetConfigException(source + ": malformed JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!root.isJsonObject()) {
            throw new UNetConfigException(source + ": a UNet config must be a JSON object");
        }
        return new UNetConfig(root.getAsJsonObject(), source);
    }

    /** Reads {@code config.json} (or the given file). */
    public static UNetConfig read(Path file) throws IOException {
        Path path = Files.isDirectory(file) ? file.resolve("config.json") : file;
        return parse(dev.focusnfix.nn.config.ConfigJson.readText(path), path.toString());
    }

    public String source() {
        return source;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public boolean centerInputSample() {
        return centerInputSample;
    }

    public boolean flipSinToCos() {
        return flipSinToCos;
    }

    public double freqShift() {
        return freqShift;
    }

    public int blockCount() {
        return downBlockTypes.size();
    }

    public List<String> downBlockTypes() {
        return downBlockTypes;
    }

    /** The mid block type, or null when the UNet has none. */
    public String midBlockType() {
        return midBlockType;
    }

    public List<String> upBlockTypes() {
        return upBlockTypes;
    }

    public List<Integer> blockOutChannels() {
        return blockOutChannels;
    }

    /** Resnet layers per down block (up blocks have one more). */
    public List<Integer> layersPerBlock() {
        return layersPerBlock;
    }

    public int downsamplePadding() {
        return downsamplePadding;
    }

    public double midBlockScaleFactor() {
        return midBlockScaleFactor;
    }

    public int normNumGroups() {
        return normNumGroups;
    }

    public float normEps() {
        return normEps;
    }

    /** Cross-attention (text embedding) width per down block. */
    public List<Integer> crossAttentionDim() {
        return crossAttentionDim;
    }

    /** Number of attention heads per down block. */
    public List<Integer> attentionHeads() {
        return attentionHeads;
    }

    /** Transformer blocks per layer of down block {@code i}. */
    public List<Integer> downTransformerDepths(int i) {
        return downTransformerDepths.get(i);
    }

    /** Transformer blocks per layer of up block {@code i} (up blocks are numbered from the bottom). */
    public List<Integer> upTransformerDepths(int i) {
        return upTransformerDepths.get(i);
    }

    /** Transformer blocks of the mid block's single attention layer. */
    public int midTransformerDepth() {
        return midTransformerDepths.get(0);
    }

    public boolean useLinearProjection() {
        return useLinearProjection;
    }

    public boolean upcastAttention() {
        return upcastAttention;
    }

    /** Whether resnets use {@code resnet_time_scale_shift: scale_shift} (else the default additive time embedding). */
    public boolean scaleShiftTimeEmbedding() {
        return scaleShiftTimeEmbedding;
    }

    public int convInKernel() {
        return convInKernel;
    }

    public int convOutKernel() {
        return convOutKernel;
    }

    public int timeEmbedDim() {
        return timeEmbedDim;
    }

    /** Activation applied to the time embedding after the additions, or null. */
    public String timeEmbeddingActFn() {
        return timeEmbeddingActFn;
    }

    /** Whether the UNet takes SDXL's {@code text_embeds} and {@code time_ids} ({@code addition_embed_type: text_time}). */
    public boolean textTimeAddition() {
        return textTimeAddition;
    }

    public int additionTimeEmbedDim() {
        return additionTimeEmbedDim;
    }

    public int projectionClassEmbeddingsInputDim() {
        return projectionClassEmbeddingsInputDim;
    }

    /** Typed access to the JSON that remembers which keys were read, so unknown keys can be rejected. */
    private static final class Reader {
        private final JsonObject json;
        private final String source;
        private final Set<String> seen = new HashSet<>();

        Reader(JsonObject json, String source) {
            this.json = json;
            this.source = source;
        }

        JsonElement raw(String key) {
            seen.add(key);
            return json.get(key);
        }

        boolean isNull(String key) {
            JsonElement e = raw(key);
            return e == null || e.isJsonNull();
        }

        String optString(String key, String fallback) {
            JsonElement e = raw(key);
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw invalid(key, "must be a string, found " + e);
            }
            return e.getAsString();
        }

        String optNullableString(String key, String fallback) {
            JsonElement e = raw(key);
            if (e == null) {
                return fallback;
            }
            return e.isJsonNull() ? null : optString(key, fallback);
        }

        int optInt(String key, int fallback) {
            JsonElement e = raw(key);
            return e == null ? fallback : asInt(key, e);
        }

        double optDouble(String key, double fallback) {
            JsonElement e = raw(key);
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw invalid(key, "must be a number, found " + e);
            }
            return e.getAsDouble();
        }

        boolean optBool(String key, boolean fallback) {
            JsonElement e = raw(key);
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw invalid(key, "must be true or false, found " + e);
            }
            return e.getAsBoolean();
        }

        int asInt(String key, JsonElement e) {
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw invalid(key, "must be an integer, found " + e);
            }
            double d = e.getAsDouble();
            if (d != Math.rint(d)) {
                throw invalid(key, "must be an integer, found " + e);
            }
            return (int) d;
        }

        List<Integer> intArray(String key, JsonArray array) {
            List<Integer> values = new ArrayList<>();
            for (JsonElement e : array) {
                values.add(asInt(key, e));
            }
            return Collections.unmodifiableList(values);
        }

        List<Integer> intList(String key, List<Integer> fallback) {
            JsonElement e = raw(key);
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonArray()) {
                throw invalid(key, "must be a list of integers, found " + e);
            }
            return intArray(key, e.getAsJsonArray());
        }

        List<String> stringList(String key, List<String> fallback) {
            JsonElement e = raw(key);
            if (e == null) {
                return fallback;
            }
            if (!e.isJsonArray()) {
                throw invalid(key, "must be a list of strings, found " + e);
            }
            List<String> values = new ArrayList<>();
            for (JsonElement item : e.getAsJsonArray()) {
                values.add(item.getAsString());
            }
            return Collections.unmodifiableList(values);
        }

        /** An integer repeated for every block, or a list with one integer per block. */
        List<Integer> intOrList(String key, int fallback, int blocks) {
            JsonElement e = raw(key);
            List<Integer> values = new ArrayList<>();
            if (e == null || e.isJsonPrimitive()) {
                int v = e == null ? fallback : asInt(key, e);
                for (int i = 0; i < blocks; i++) {
                    values.add(v);
                }
            } else if (e.isJsonArray()) {
                values.addAll(intArray(key, e.getAsJsonArray()));
                if (values.size() != blocks) {
                    throw invalid(key, "has " + values.size() + " entries for " + blocks + " blocks");
                }
            } else {
                throw invalid(key, "must be an integer or a list of integers, found " + e);
            }
            return Collections.unmodifiableList(values);
        }

        void requireNull(String key) {
            JsonElement e = raw(key);
            if (e != null && !e.isJsonNull()) {
                throw unsupported(key, e, "null");
            }
        }

        void requireNullOrFalse(String key) {
            JsonElement e = raw(key);
            if (e != null
                    && !e.isJsonNull()
                    && !(e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && !e.getAsBoolean())) {
                throw unsupported(key, e, "false");
            }
        }

        void rejectUnknownKeys() {
            for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
                String key = entry.getKey();
                if (!seen.contains(key) && !key.startsWith("_") && !METADATA_KEYS.contains(key)) {
                    throw new UNetConfigException(source + ": unknown UNet config key '" + key + "' = "
                            + entry.getValue() + "; this implementation does not know what it means");
                }
            }
        }

        UNetConfigException unsupported(String key, Object value, String supported) {
            String shown = value == null
                    ? "null"
                    : value instanceof JsonElement
                            ? value.toString()
                            : value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
            return new UNetConfigException(source + ": UNet config key '" + key + "' = " + shown
                    + " is not supported (supported: " + supported + ")");
        }

        UNetConfigException invalid(String key, String problem) {
            JsonElement value = json.get(key);
            return new UNetConfigException(source + ": UNet config key '" + key + "'"
                    + (value == null || value.isJsonNull() ? "" : " = " + value) + " " + problem);
        }
    }
}
