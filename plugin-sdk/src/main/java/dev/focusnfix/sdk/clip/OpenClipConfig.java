package dev.focusnfix.sdk.clip;

import com.google.gson.JsonElement;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.text.ClipEncoderConfig;
import dev.focusnfix.nn.text.ClipTextConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An open_clip model config ({@code open_clip/model_configs/<name>.json}: {@code embed_dim}, {@code quick_gelu},
 * {@code vision_cfg}, {@code text_cfg}) for the plain ViT + text-transformer CLIP that open_clip builds from it,
 * translated to the shapes of the native towers. Configs that need other modules (timm or Hugging Face towers,
 * attentional pooling, layer scale, mean pooling) are refused by name.
 *
 * @param vision the vision tower, with its projection to {@code embed_dim}
 * @param text the text tower, with its projection; pooled at the largest token id as open_clip's {@code argmax}
 * @param source where the config came from, for messages
 */
@Experimental
public record OpenClipConfig(ClipVisionConfig vision, ClipTextConfig text, String source) {

    /** open_clip's {@code ViT-H-14.json}, the architecture of HPSv2 (and of PickScore's CLIP). */
    public static final String VIT_H_14_JSON = "{\"embed_dim\": 1024, \"vision_cfg\": {\"image_size\": 224, "
            + "\"layers\": 32, \"width\": 1280, \"head_width\": 80, \"patch_size\": 14}, \"text_cfg\": "
            + "{\"context_length\": 77, \"vocab_size\": 49408, \"width\": 1024, \"heads\": 16, \"layers\": 24}}";

    /** The built-in name of {@link #VIT_H_14_JSON}. */
    public static final String VIT_H_14 = "ViT-H-14";

    /** open_clip's LayerNorm epsilon (torch's default). */
    private static final double LAYER_NORM_EPS = 1e-5;

    private static final List<String> UNSUPPORTED_VISION_KEYS = List.of(
            "timm_model_name",
            "attentional_pool",
            "ls_init_value",
            "patch_dropout_rate",
            "input_patchnorm",
            "no_ln_pre",
            "final_ln_after_pool",
            "output_tokens");

    private static final List<String> UNSUPPORTED_TEXT_KEYS = List.of(
            "hf_model_name",
            "ls_init_value",
            "embed_cls",
            "no_causal_mask",
            "proj_bias",
            "final_ln_after_pool",
            "output_tokens");

    /** Reads a config file in open_clip's format. */
    public static OpenClipConfig read(Path file) throws IOException {
        return from(ConfigJson.read(file));
    }

    /** The built-in config of that name ({@value #VIT_H_14}). */
    public static OpenClipConfig builtin(String name) {
        if (!VIT_H_14.equals(name)) {
            throw new IllegalArgumentException("no built-in open_clip config '" + name + "' (built in: " + VIT_H_14
                    + "); give the path of the model's open_clip config JSON instead");
        }
        return from(ConfigJson.parse(VIT_H_14_JSON, "open_clip " + VIT_H_14, IllegalArgumentException::new));
    }

    /** Interprets an open_clip config with open_clip's defaults for absent keys. */
    static OpenClipConfig from(ConfigJson config) {
        int embedDim = config.positive("embed_dim", 512);
        String act = config.bool("quick_gelu", false) ? "quick_gelu" : "gelu";
        ConfigJson vision = config.object("vision_cfg");
        ConfigJson text = config.object("text_cfg");
        refuse(vision, UNSUPPORTED_VISION_KEYS);
        refuse(text, UNSUPPORTED_TEXT_KEYS);
        if (vision.bool("global_average_pool", false)) {
            throw vision.error("global_average_pool", "is true: only class-token pooling is supported");
        }
        String visionPool = vision.string("pool_type", "tok");
        if (!"tok".equals(visionPool)) {
            throw vision.error("pool_type", "is \"" + visionPool + "\": only \"tok\" (class token) is supported");
        }
        String textPool = text.string("pool_type", "argmax");
        if (!"argmax".equals(textPool)) {
            throw text.error("pool_type", "is \"" + textPool + "\": only \"argmax\" (end token) is supported");
        }

        int visionWidth = vision.positive("width", 768);
        int headWidth = vision.positive("head_width", 64);
        if (visionWidth % headWidth != 0) {
            throw vision.error("head_width", "(" + headWidth + ") must divide width (" + visionWidth + ")");
        }
        int imageSize = vision.positive("image_size", 224);
        int patchSize = vision.positive("patch_size", 16);
        if (imageSize % patchSize != 0) {
            throw vision.error("patch_size", "(" + patchSize + ") must divide image_size (" + imageSize + ")");
        }
        ClipEncoderConfig visionEncoder = new ClipEncoderConfig(
                visionWidth,
                mlpWidth(vision, visionWidth),
                visionWidth / headWidth,
                vision.positive("layers", 12),
                act,
                (float) LAYER_NORM_EPS);
        ClipVisionConfig visionConfig = new ClipVisionConfig(visionEncoder, imageSize, patchSize, 3, embedDim, true);

        int textWidth = text.positive("width", 512);
        int heads = text.positive("heads", 8);
        if (textWidth % heads != 0) {
            throw text.error("heads", "(" + heads + ") must divide width (" + textWidth + ")");
        }
        ClipEncoderConfig textEncoder = new ClipEncoderConfig(
                textWidth, mlpWidth(text, textWidth), heads, text.positive("layers", 12), act, (float) LAYER_NORM_EPS);
        // open_clip pools at text.argmax(-1): the legacy eos id selects exactly that rule.
        ClipTextConfig textConfig = new ClipTextConfig(
                textEncoder,
                text.positive("vocab_size", 49408),
                text.positive("context_length", 77),
                ClipTextConfig.LEGACY_EOS_TOKEN_ID,
                embedDim,
                true);
        return new OpenClipConfig(visionConfig, textConfig, config.source());
    }

    /** Tokens per prompt, start and end tokens included. */
    public int contextLength() {
        return text.maxPositionEmbeddings();
    }

    private static int mlpWidth(ConfigJson tower, int width) {
        double ratio = tower.number("mlp_ratio", 4.0);
        double mlp = width * ratio;
        if (!(ratio > 0) || mlp != Math.rint(mlp)) {
            throw tower.error("mlp_ratio", "(" + ratio + ") times width (" + width + ") must be a positive integer");
        }
        return (int) mlp;
    }

    private static void refuse(ConfigJson tower, List<String> keys) {
        for (String key : keys) {
            if (isSet(tower.json().get(key))) {
                throw tower.error(key, "is set: this open_clip feature is not supported by the native CLIP towers");
            }
        }
    }

    /** Whether a config value turns a feature on: present and not null, false or 0 (open_clip's "off" values). */
    private static boolean isSet(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return false;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean();
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            return value.getAsDouble() != 0;
        }
        return true;
    }
}
