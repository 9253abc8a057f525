package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;

/**
 * Group normalisation over [N, C, ...] with per-channel affine {@code weight}, {@code bias} [C]. DJL has no group
 * norm, so the channels are grouped by a reshape and normalised with the fused layer norm over each group.
 */
public final class GroupNorm extends Module {

    private final int groups;
    private final long channels;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(int groups, long channels, float eps) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels not divisible by " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = parameter("weight", channels);
        this.bias = parameter("bias", channels);
    }

    public int groups() {
        return groups;
    }

    public long channels() {
        return channels;
    }

    /** x [N, C, ...] -> same shape. */
    public NDArray forward(NDArray x) {
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
        long[] affineShape = new long[shape.dimension()];
        java.util.Arrays.fill(affineShape, 1);
        affineShape[1] = channels;
        NDArray gamma = InputScope.adopt(weight.array().reshape(affineShape), x);
        NDArray beta = InputScope.adopt(bias.array().reshape(affineShape), x);
        NDArray scaled = normed.mul(gamma);
        normed.close();
        gamma.close();
        NDArray y = scaled.add(beta);
        scaled.close();
        beta.close();
        return y;
    }
}
