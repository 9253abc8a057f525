package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.kernels.Kernels;

/**
 * The multi-head scaled dot-product attention every network here uses (the UNet's self and cross attention, the text
 * encoders' masked or causal self-attention, the VAE's single-head attention): projected q, k, v [N, L, heads*d] are
 * split into heads, attended by the active {@link Kernels} and merged back. The projections stay with the callers,
 * whose checkpoints name them differently.
 */
public final class HeadAttention {

    private HeadAttention() {}

    /**
     * {@code merge(softmax(q k^T / sqrt(d) + mask) v)}; closes q, k and v.
     *
     * @param q [N, Lq, heads*d]
     * @param k [N, Lk, heads*d]
     * @param v [N, Lk, heads*d]
     * @param heads the number of heads
     * @param additiveMask null, or broadcastable to [N, heads, Lq, Lk] (0 keeps, -inf masks); not closed
     * @return [N, Lq, heads*d]
     */
    public static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, NDArray additiveMask) {
        NDArray qh = splitHeads(q, heads);
        NDArray kh = splitHeads(k, heads);
        NDArray vh = splitHeads(v, heads);
        NDArray attended = Kernels.active().attention(qh, kh, vh, additiveMask);
        qh.close();
        kh.close();
        vh.close();
        return mergeHeads(attended);
    }

    /** [N, L, heads*d] -> [N, heads, L, d]; closes its argument. */
    private static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        NDArray r = x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads);
        x.close();
        NDArray t = r.transpose(0, 2, 1, 3);
        r.close();
        return t;
    }

    /** [N, heads, L, d] -> [N, L, heads*d]; closes its argument. */
    private static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        NDArray t = x.transpose(0, 2, 1, 3);
        x.close();
        NDArray merged = t.reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
        t.close();
        return merged;
    }
}
