package dev.focusnfix.nn.text;

import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.layers.Activations;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The configuration of diffusers' {@code LDMBertModel} (the LDM text-to-image text encoder). Defaults are those of
 * diffusers' LDMBertConfig.
 *
 * @param headDim width of one attention head; heads * headDim need not equal dModel
 */
public record LdmBertConfig(
        int vocabSize,
        int maxPositionEmbeddings,
        int dModel,
        int encoderLayers,
        int encoderAttentionHeads,
        int headDim,
        int encoderFfnDim,
        String activationFunction) {

    /** PyTorch's nn.LayerNorm default, which LDMBert does not override. */
    public static final float LAYER_NORM_EPS = 1e-5f;

    public static LdmBertConfig read(Path configFile) throws IOException {
        return from(ConfigJson.read(configFile));
    }

    public static LdmBertConfig from(ConfigJson config) {
        String modelType = config.string("model_type", "ldmbert");
        if (!modelType.equals("ldmbert")) {
            throw config.error("model_type", "\"" + modelType + "\" is not an LDMBert config (expected ldmbert)");
        }
        String activation = config.string("activation_function", "gelu");
        try {
            Activations.byName(activation);
        } catch (IllegalArgumentException e) {
            throw config.error("activation_function", "is unsupported: " + e.getMessage());
        }
        if (config.bool("scale_embedding", false)) {
            // diffusers accepts the flag but never applies it; refuse rather than silently differ in intent.
            throw config.error("scale_embedding", "true is not supported (diffusers' LDMBert ignores it)");
        }
        return new LdmBertConfig(
                config.positive("vocab_size", 30522),
                config.positive("max_position_embeddings", 77),
                config.positive("d_model", 1280),
                config.positive("encoder_layers", 32),
                config.positive("encoder_attention_heads", 8),
                config.positive("head_dim", 64),
                config.positive("encoder_ffn_dim", 5120),
                activation);
    }
}
