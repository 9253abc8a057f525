package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;

/** 2-D convolution with a square kernel: {@code weight} [out, in, k, k], optional {@code bias} [out]. */
public final class Conv2d extends Module {

    private final long inChannels;
    private final long outChannels;
    private final int kernel;
    private final Shape stride;
    private final Shape padding;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(long inChannels, long outChannels, int kernel, int stride, int padding, boolean bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
        this.weight = parameter("weight", outChannels, inChannels, kernel, kernel);
        this.bias = bias ? parameter("bias", outChannels) : null;
    }

    public long inChannels() {
        return inChannels;
    }

    public long outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias parameter, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** x [N, in, H, W] -> [N, out, H', W']. */
    public NDArray forward(NDArray x) {
        return x.getNDArrayInternal()
                .convolution(x, weight.array(), bias == null ? null : bias.array(), stride, padding, new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
