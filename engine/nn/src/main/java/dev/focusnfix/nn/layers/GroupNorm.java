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

    public GroupNorm(int groups, long channels, double eps) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels not divisible by " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = (float) eps;
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
        NDArray scaled = last.mul(weight.array());
        last.close();
        NDArray shifted = scaled.add(bias.array());
        scaled.close();
        NDArray y = shifted.transpose(channelsFirst);
        shifted.close();
        return y;
    }
}
