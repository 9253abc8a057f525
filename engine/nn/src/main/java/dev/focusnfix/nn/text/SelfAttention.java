package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.api.tensor.Scalars;

/**
 * Multi-head self-attention with {@code q_proj}, {@code k_proj}, {@code v_proj} and {@code out_proj}, as in CLIP
 * (all with bias, head width = hidden / heads) and BART-style encoders such as LDMBert (no q/k/v bias, explicit head
 * width). {@code softmax(q k^T / sqrt(headDim) + mask) v}.
 */
public final class SelfAttention extends Module {

    private final int heads;
    private final int headDim;
    private final double scale;
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
        this.scale = 1.0 / Math.sqrt(headDim);
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
        long batch = x.getShape().get(0);
        long seq = x.getShape().get(1);
        NDArray q = splitHeads(qProj.forward(x), batch, seq);
        NDArray k = splitHeads(kProj.forward(x), batch, seq);
        NDArray v = splitHeads(vProj.forward(x), batch, seq);

        NDArray kT = k.transpose(0, 1, 3, 2);
        NDArray product = q.matMul(kT);
        q.close();
        k.close();
        kT.close();
        // Not in place: these ops must stay differentiable when gradients are recorded.
        NDArray scores = Scalars.mul(product, scale);
        product.close();
        if (additiveMask != null) {
            NDArray masked = scores.add(additiveMask);
            scores.close();
            scores = masked;
        }
        NDArray weights = scores.softmax(-1);
        scores.close();
        NDArray context = weights.matMul(v);
        weights.close();
        v.close();

        NDArray merged = context.transpose(0, 2, 1, 3).reshape(new Shape(batch, seq, (long) heads * headDim));
        context.close();
        NDArray out = outProj.forward(merged);
        merged.close();
        return out;
    }

    /** [batch, seq, heads * headDim] -> [batch, heads, seq, headDim]. */
    private NDArray splitHeads(NDArray projected, long batch, long seq) {
        NDArray split = projected.reshape(new Shape(batch, seq, heads, headDim)).transpose(0, 2, 1, 3);
        projected.close();
        return split;
    }
}
