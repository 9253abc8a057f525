package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.kernels.Kernels;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;

/**
 * Group normalisation over [N, C, ...] with per-channel affine {@code weight}, {@code bias} [C], computed by the
 * active {@link Kernels} (DJL has no group norm: composed groups the channels by a reshape and uses layer norm,
 * fused calls PyTorch's {@code group_norm}).
 */
public final class GroupNorm extends Module {

    private final int groups;
    private final long channels;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(int groups, long channels, double eps) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(
                    "GroupNorm: " + channels + " channels not divisible by " + groups + " groups");
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

    /** x [N, C, ...] -> same shape, through the active kernels. */
    public NDArray forward(NDArray x) {
        return Kernels.active().groupNorm(x, weight.array(), bias.array(), groups, eps, false);
    }

    /** {@code silu(forward(x))}, fused into one kernel where the active kernels fuse it. */
    public NDArray forwardSilu(NDArray x) {
        return Kernels.active().groupNorm(x, weight.array(), bias.array(), groups, eps, true);
    }
}
