package dev.focusnfix.nn.text;

import dev.focusnfix.nn.config.ConfigJson;

/**
 * The shape of a CLIP transformer stack, shared by the text and the vision tower: width, MLP width, heads, depth,
 * activation name and layer-norm epsilon.
 */
public record ClipEncoderConfig(
        int hiddenSize,
        int intermediateSize,
        int numAttentionHeads,
        int numHiddenLayers,
        String hiddenAct,
        float layerNormEps) {

    /** Reads the encoder keys of a CLIP text or vision config, validating what the architecture depends on. */
    public static ClipEncoderConfig from(
            ConfigJson config, int defaultHidden, int defaultIntermediate, int defaultHeads, int defaultLayers) {
        int hidden = config.positive("hidden_size", defaultHidden);
        int heads = config.positive("num_attention_heads", defaultHeads);
        if (hidden % heads != 0) {
            throw config.error("num_attention_heads", "(" + heads + ") must divide hidden_size (" + hidden + ")");
        }
        String act = config.string("hidden_act", "quick_gelu");
        try {
            dev.focusnfix.nn.layers.Activations.byName(act);
        } catch (IllegalArgumentException e) {
            throw config.error("hidden_act", "is unsupported: " + e.getMessage());
        }
        double eps = config.number("layer_norm_eps", 1e-5);
        if (!(eps > 0)) {
            throw config.error("layer_norm_eps", "must be positive, got " + eps);
        }
        return new ClipEncoderConfig(
                hidden,
                config.positive("intermediate_size", defaultIntermediate),
                heads,
                config.positive("num_hidden_layers", defaultLayers),
                act,
                (float) eps);
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }
}
