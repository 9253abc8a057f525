package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Embedding;
import dev.focusnfix.nn.layers.LayerNorm;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;

/**
 * LDMBert's encoder ({@code model.*}): token embeddings plus learned positions, pre-LN layers, final
 * {@code layer_norm}.
 */
public final class LdmBertEncoder extends Module {

    private final int maxPositions;
    private final Embedding embedTokens;
    private final Embedding embedPositions;
    private final ModuleList<LdmBertEncoderLayer> layers;
    private final LayerNorm layerNorm;

    public LdmBertEncoder(LdmBertConfig config) {
        this.maxPositions = config.maxPositionEmbeddings();
        this.embedTokens = register("embed_tokens", new Embedding(config.vocabSize(), config.dModel()));
        this.embedPositions =
                register("embed_positions", new Embedding(config.maxPositionEmbeddings(), config.dModel()));
        this.layers = register("layers", new ModuleList<>());
        for (int i = 0; i < config.encoderLayers(); i++) {
            layers.add(new LdmBertEncoderLayer(config));
        }
        this.layerNorm = register("layer_norm", new LayerNorm(config.dModel(), LdmBertConfig.LAYER_NORM_EPS));
    }

    /** ids [batch, seq] -> last hidden state [batch, seq, d_model], after the final layer norm. */
    public NDArray forward(NDArray inputIds) {
        if (inputIds.getShape().dimension() != 2) {
            throw new IllegalArgumentException("input_ids must be [batch, seq], got " + inputIds.getShape());
        }
        NDArray h = ClipTextEmbeddings.sum(embedTokens, embedPositions, maxPositions, inputIds);
        for (LdmBertEncoderLayer layer : layers) {
            NDArray next = layer.forward(h);
            h.close();
            h = next;
        }
        NDArray out = layerNorm.forward(h);
        h.close();
        return out;
    }
}
