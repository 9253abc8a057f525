package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.HeadAttention;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;

/**
 * diffusers {@code Attention} as the UNet's transformer blocks use it: bias-free {@code to_q}, {@code to_k},
 * {@code to_v}, multi-head scaled dot-product attention {@code softmax(q k^T / sqrt(d)) v} ({@link HeadAttention},
 * through the active kernels), and {@code to_out.0} (with bias). Half-precision inputs get their softmax in float32
 * (diffusers' {@code upcast_attention} matters only below float32, so every half-precision call upcasts).
 */
public final class Attention extends Module {

    private final int heads;
    private final int headDim;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;

    /**
     * @param queryDim width of the attending sequence
     * @param contextDim width of the attended sequence (= queryDim for self-attention)
     * @param upcast the config's {@code upcast_attention}; the kernels upcast every half-precision softmax anyway
     */
    public Attention(int queryDim, int contextDim, int heads, int headDim, boolean upcast) {
        this.heads = heads;
        this.headDim = headDim;
        int inner = heads * headDim;
        toQ = register("to_q", new Linear(queryDim, inner, false));
        toK = register("to_k", new Linear(contextDim, inner, false));
        toV = register("to_v", new Linear(contextDim, inner, false));
        ModuleList<Linear> out = register("to_out", new ModuleList<>());
        toOut = out.add(new Linear(inner, queryDim, true));
    }

    public int heads() {
        return heads;
    }

    public int headDim() {
        return headDim;
    }

    /** x [N, Lq, queryDim], context [N, Lk, contextDim] (or null for self-attention) -> [N, Lq, queryDim]. */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray source = context == null ? x : context;
        NDArray merged = HeadAttention.attend(toQ.forward(x), toK.forward(source), toV.forward(source), heads, null);
        return Scratch.swap(merged, toOut.forward(merged));
    }
}
