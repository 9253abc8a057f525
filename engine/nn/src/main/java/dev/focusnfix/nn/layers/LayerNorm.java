package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;

/** Layer normalisation over the last axis with {@code weight}, {@code bias} [dim] (or none when not affine). */
public final class LayerNorm extends Module {

    private final long dim;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(long dim, double eps) {
        this(dim, eps, true);
    }

    public LayerNorm(long dim, double eps, boolean elementwiseAffine) {
        this.dim = dim;
        this.eps = (float) eps;
        this.weight = elementwiseAffine ? parameter("weight", dim) : null;
        this.bias = elementwiseAffine ? parameter("bias", dim) : null;
    }

    public long dim() {
        return dim;
    }

    /** x [..., dim] -> same shape. */
    public NDArray forward(NDArray x) {
        Shape normalized = new Shape(dim);
        if (weight != null) {
            return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, weight.array(), bias.array(), eps)
                    .singletonOrThrow();
        }
        NDArray ones = x.getManager().ones(normalized, x.getDataType());
        NDArray zeros = x.getManager().zeros(normalized, x.getDataType());
        NDArray y = ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, ones, zeros, eps)
                .singletonOrThrow();
        ones.close();
        zeros.close();
        return y;
    }
}
