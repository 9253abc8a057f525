package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.HeadAttention;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;

/**
 * Multi-head self-attention with {@code q_proj}, {@code k_proj}, {@code v_proj} and {@code out_proj}, as in CLIP
 * (all with bias, head width = hidden / heads) and BART-style encoders such as LDMBert (no q/k/v bias, explicit head
 * width). {@code softmax(q k^T / sqrt(headDim) + mask) v}, through {@link HeadAttention}.
 */
public final class SelfAttention extends Module {

    private final int heads;
    private final int headDim;
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear outProj;

    /**
     * @param embedDim input and output width
     * @param heads number of heads
     * @param headDim width of one head (inner width = heads * headDim)
     * @param qkvBias whether q/k/v projections have a bias ({@code out_proj} always has one)
     */
    public SelfAttention(int embedDim, int heads, int headDim, boolean qkvBias) {
        this.heads = heads;
        this.headDim = headDim;
        int inner = heads * headDim;
        // Registration order follows the checkpoints' module order.
        this.kProj = register("k_proj", new Linear(embedDim, inner, qkvBias));
        this.vProj = register("v_proj", new Linear(embedDim, inner, qkvBias));
        this.qProj = register("q_proj", new Linear(embedDim, inner, qkvBias));
        this.outProj = register("out_proj", new Linear(inner, embedDim, true));
    }

    /**
     * @param x [batch, seq, embed]
     * @param additiveMask null, or added to the attention scores, broadcastable to [batch, heads, seq, seq] (0 to
     *     keep, -inf to mask)
     * @return [batch, seq, embed], in x's manager
     */
    public NDArray forward(NDArray x, NDArray additiveMask) {
        NDArray merged =
                HeadAttention.attend(qProj.forward(x), kProj.forward(x), vProj.forward(x), heads, additiveMask);
        NDArray out = outProj.forward(merged);
        merged.close();
        return out;
    }
}
