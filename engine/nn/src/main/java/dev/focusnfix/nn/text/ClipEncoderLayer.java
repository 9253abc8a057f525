package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.LayerNorm;
import dev.focusnfix.nn.module.Module;

/**
 * One pre-LN CLIP transformer layer, shared by the text and vision towers:
 * {@code h = x + self_attn(layer_norm1(x), mask); out = h + mlp(layer_norm2(h))}.
 */
public final class ClipEncoderLayer extends Module {

    private final SelfAttention selfAttn;
    private final LayerNorm layerNorm1;
    private final ClipMlp mlp;
    private final LayerNorm layerNorm2;

    public ClipEncoderLayer(ClipEncoderConfig config) {
        int hidden = config.hiddenSize();
        this.selfAttn =
                register("self_attn", new SelfAttention(hidden, config.numAttentionHeads(), config.headDim(), true));
        this.layerNorm1 = register("layer_norm1", new LayerNorm(hidden, config.layerNormEps()));
        this.mlp = register("mlp", new ClipMlp(hidden, config.intermediateSize(), config.hiddenAct()));
        this.layerNorm2 = register("layer_norm2", new LayerNorm(hidden, config.layerNormEps()));
    }

    /**
     * @param x [batch, seq, hidden]
     * @param additiveMask null (vision) or the causal mask (text), see {@link SelfAttention#forward}
     */
    public NDArray forward(NDArray x, NDArray additiveMask) {
        NDArray normed = layerNorm1.forward(x);
        NDArray attended = selfAttn.forward(normed, additiveMask);
        normed.close();
        NDArray h = x.add(attended);
        attended.close();
        NDArray normed2 = layerNorm2.forward(h);
        NDArray fed = mlp.forward(normed2);
        normed2.close();
        NDArray out = h.add(fed);
        fed.close();
        h.close();
        return out;
    }
}
