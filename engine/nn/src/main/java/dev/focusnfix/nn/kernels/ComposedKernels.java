package dev.focusnfix.nn.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.layers.Activations;

/**
 * Attention and GroupNorm composed from DJL operations: the reference the fused kernels are tested against. Attention
 * materialises the whole [N, heads, Lq, Lk] score matrix (kept for the backward pass); half-precision scores and
 * softmax are computed in float32, as diffusers upcasts them.
 */
public final class ComposedKernels implements NetworkKernels {

    static final ComposedKernels INSTANCE = new ComposedKernels();

    private ComposedKernels() {}

    @Override
    public String name() {
        return KernelMode.COMPOSED.label();
    }

    @Override
    public NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
        DataType dtype = q.getDataType();
        boolean inFloat32 = dtype == DataType.FLOAT16 || dtype == DataType.BFLOAT16;
        // The scores and the softmax in float32, as PyTorch's half-precision attention accumulates; the casts keep
        // the graph (toType would cut it, and training in float16 would lose every gradient through attention).
        NDArray qs = inFloat32 ? DifferentiableCast.to(q, DataType.FLOAT32) : q;
        NDArray ks = inFloat32 ? DifferentiableCast.to(k, DataType.FLOAT32) : k;
        // Scaling q before the product costs L*d instead of L*L multiplications.
        NDArray qScaled =
                Scalars.mul(qs, 1.0 / Math.sqrt(q.getShape().get(q.getShape().dimension() - 1)));
        NDArray kT = ks.swapAxes(-1, -2);
        NDArray scores = qScaled.matMul(kT);
        qScaled.close();
        kT.close();
        if (inFloat32) {
            qs.close();
            ks.close();
        }
        if (additiveMask != null) {
            NDArray mask = additiveMask.getDataType() == scores.getDataType()
                    ? additiveMask
                    : additiveMask.toType(scores.getDataType(), false);
            NDArray masked = scores.add(mask);
            if (mask != additiveMask) {
                mask.close();
            }
            scores.close();
            scores = masked;
        }
        NDArray probs = scores.softmax(-1);
        scores.close();
        if (inFloat32) {
            NDArray narrow = DifferentiableCast.to(probs, dtype);
            probs.close();
            probs = narrow;
        }
        NDArray out = probs.matMul(v);
        probs.close();
        return out;
    }

    @Override
    public NDArray groupNorm(NDArray x, NDArray weight, NDArray bias, int groups, float eps, boolean silu) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        long perGroup = shape.size() / (n * groups);
        NDArray grouped = x.reshape(n, groups, perGroup);
        // Layer norm needs affine arrays; identity ones/zeros make it a pure normalisation of each group.
        Shape normalized = new Shape(perGroup);
        NDArray ones = x.getManager().ones(normalized, x.getDataType());
        NDArray zeros = x.getManager().zeros(normalized, x.getDataType());
        NDArray normedGroups = grouped.getNDArrayInternal()
                .layerNorm(grouped, normalized, ones, zeros, eps)
                .singletonOrThrow();
        NDArray normed = normedGroups.reshape(shape);
        normedGroups.close();
        ones.close();
        zeros.close();
        grouped.close();
        // Per-channel affine with channels moved last, so the [C] parameters broadcast as they are: reshaping them
        // would create arrays in the parameters' manager. Permutations are views; nothing is copied for them.
        int rank = shape.dimension();
        int[] channelsLast = new int[rank];
        int[] channelsFirst = new int[rank];
        channelsLast[0] = 0;
        for (int i = 1; i < rank - 1; i++) {
            channelsLast[i] = i + 1;
        }
        channelsLast[rank - 1] = 1;
        for (int i = 0; i < rank; i++) {
            channelsFirst[channelsLast[i]] = i;
        }
        NDArray last = normed.transpose(channelsLast);
        normed.close();
        NDArray scaled = last.mul(weight);
        last.close();
        NDArray shifted = scaled.add(bias);
        scaled.close();
        NDArray y = shifted.transpose(channelsFirst);
        shifted.close();
        if (!silu) {
            return y;
        }
        NDArray activated = Activations.silu(y);
        y.close();
        return activated;
    }
}
