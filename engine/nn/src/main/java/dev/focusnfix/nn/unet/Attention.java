package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import dev.focusnfix.api.tensor.Scalars;

/**
 * diffusers {@code Attention} as the UNet's transformer blocks use it: bias-free {@code to_q}, {@code to_k},
 * {@code to_v}, multi-head scaled dot-product attention {@code softmax(q k^T / sqrt(d)) v}, and {@code to_out.0}
 * (with bias). Scores and softmax are computed in float32 when {@code upcast} is set or the inputs are half
 * precision, then cast back.
 */
public final class Attention extends Module {

    private final int heads;
    private final int headDim;
    private final boolean upcast;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private int querySliceSize;

    /**
     * @param queryDim width of the attending sequence
     * @param contextDim width of the attended sequence (= queryDim for self-attention)
     */
    public Attention(int queryDim, int contextDim, int heads, int headDim, boolean upcast) {
        this.heads = heads;
        this.headDim = headDim;
        this.upcast = upcast;
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

    /**
     * Computes attention for at most {@code size} queries at a time (0: all at once), trading speed for a smaller
     * score matrix [N, heads, size, L]; results are identical.
     */
    public void setQuerySliceSize(int size) {
        this.querySliceSize = Math.max(0, size);
    }

    /** x [N, Lq, queryDim], context [N, Lk, contextDim] (or null for self-attention) -> [N, Lq, queryDim]. */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray source = context == null ? x : context;
        NDArray q = splitHeads(toQ.forward(x));
        NDArray k = splitHeads(toK.forward(source));
        NDArray v = splitHeads(toV.forward(source));
        long queries = q.getShape().get(2);
        NDArray attended;
        if (querySliceSize <= 0 || querySliceSize >= queries) {
            attended = attend(q, k, v);
        } else {
            NDList parts = new NDList();
            for (long start = 0; start < queries; start += querySliceSize) {
                long end = Math.min(queries, start + querySliceSize);
                NDArray qSlice = q.get(":, :, " + start + ":" + end + ", :");
                parts.add(attend(qSlice, k, v));
                qSlice.close();
            }
            attended = NDArrays.concat(parts, 2);
            parts.close();
        }
        q.close();
        k.close();
        v.close();
        NDArray merged = mergeHeads(attended);
        attended.close();
        return Scratch.swap(merged, toOut.forward(merged));
    }

    private NDArray attend(NDArray q, NDArray k, NDArray v) {
        DataType dtype = q.getDataType();
        boolean inFloat32 = dtype != DataType.FLOAT32 && (upcast || dtype == DataType.FLOAT16 || dtype == DataType.BFLOAT16);
        NDArray qs = inFloat32 ? q.toType(DataType.FLOAT32, true) : q;
        NDArray ks = inFloat32 ? k.toType(DataType.FLOAT32, true) : k;
        // Scaling q before the product costs L*d instead of L*L multiplications.
        NDArray qScaled = Scalars.mul(qs, 1.0 / Math.sqrt(headDim));
        NDArray kT = ks.transpose(0, 1, 3, 2);
        NDArray scores = qScaled.matMul(kT);
        qScaled.close();
        kT.close();
        if (inFloat32) {
            qs.close();
            ks.close();
        }
        NDArray probs = Scratch.swap(scores, scores.softmax(-1));
        if (inFloat32) {
            probs = Scratch.swap(probs, probs.toType(dtype, false));
        }
        NDArray out = probs.matMul(v);
        probs.close();
        return out;
    }

    /** [N, L, heads*d] -> [N, heads, L, d]; closes its argument. */
    private NDArray splitHeads(NDArray x) {
        Shape s = x.getShape();
        NDArray r = Scratch.swap(x, x.reshape(s.get(0), s.get(1), heads, headDim));
        return Scratch.swap(r, r.transpose(0, 2, 1, 3));
    }

    /** [N, heads, L, d] -> [N, L, heads*d]. */
    private NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        NDArray t = x.transpose(0, 2, 1, 3);
        return Scratch.swap(t, t.reshape(s.get(0), s.get(2), (long) heads * headDim));
    }
}
