package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Keras {@code AveragePooling2D}, {@code MaxPooling2D}, {@code GlobalAveragePooling2D} and
 * {@code GlobalMaxPooling2D} on NCHW tensors. With {@code padding: same}, TensorFlow's average leaves the padded
 * cells out of each window's count and its maximum never picks them; both are reproduced, including the
 * asymmetric padding.
 */
final class PoolingLayer implements TfjsLayer {

    private final KerasConfig config;
    private final boolean max;
    private final boolean global;
    private final int[] pool;
    private final int[] stride;
    private final String padding;

    private PoolingLayer(KerasConfig config, boolean max, boolean global) {
        this.config = config;
        this.max = max;
        this.global = global;
        config.requireChannelsLast();
        if (global) {
            if (config.bool("keepdims", false)) {
                throw config.error("has keepdims: true, which is not supported");
            }
            pool = null;
            stride = null;
            padding = "valid";
        } else {
            pool = config.pair("pool_size", new int[] {2, 2});
            stride = config.has("strides") ? config.pair("strides", null) : pool;
            padding = config.string("padding", "valid");
            KerasConfig.padding(padding, 1, 1, 1, 1);
        }
    }

    static PoolingLayer average(KerasConfig config) {
        return new PoolingLayer(config, false, false);
    }

    static PoolingLayer maximum(KerasConfig config) {
        return new PoolingLayer(config, true, false);
    }

    static PoolingLayer globalAverage(KerasConfig config) {
        return new PoolingLayer(config, false, true);
    }

    static PoolingLayer globalMaximum(KerasConfig config) {
        return new PoolingLayer(config, true, true);
    }

    @Override
    public NDArray apply(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        if (x.getShape().dimension() != 4) {
            throw config.error("expects a 4-d image tensor, got shape " + x.getShape());
        }
        if (global) {
            // DJL's PyTorch engine reduces one axis at a time: flatten the spatial axes first.
            try (NDArray flat = x.reshape(x.getShape().get(0), x.getShape().get(1), -1)) {
                return max ? flat.max(new int[] {2}) : flat.mean(new int[] {2});
            }
        }
        int[] padH = KerasConfig.padding(padding, (int) x.getShape().get(2), pool[0], stride[0], 1);
        int[] padW = KerasConfig.padding(padding, (int) x.getShape().get(3), pool[1], stride[1], 1);
        Shape kernel = new Shape(pool[0], pool[1]);
        Shape strides = new Shape(stride[0], stride[1]);
        Shape none = new Shape(0, 0);
        boolean padded = padH[0] + padH[1] + padW[0] + padW[1] > 0;
        Shape pads = new Shape(padW[0], padW[1], padH[0], padH[1]);
        if (max) {
            if (!padded) {
                return Pool.maxPool2d(x, kernel, strides, none, false);
            }
            try (NDArray input = x.pad(pads, Double.NEGATIVE_INFINITY)) {
                return Pool.maxPool2d(input, kernel, strides, none, false);
            }
        }
        if (!padded) {
            return Pool.avgPool2d(x, kernel, strides, none, false, true);
        }
        // The mean over the real cells of each window: the mean over the zero-padded window divided by the share
        // of real cells in it.
        try (NDArray input = x.pad(pads, 0);
                NDArray ones = x.getManager()
                        .ones(
                                new Shape(
                                        1, 1, x.getShape().get(2), x.getShape().get(3)),
                                x.getDataType(),
                                x.getDevice());
                NDArray paddedOnes = ones.pad(pads, 0);
                NDArray share = Pool.avgPool2d(paddedOnes, kernel, strides, none, false, true);
                NDArray sum = Pool.avgPool2d(input, kernel, strides, none, false, true)) {
            return sum.div(share);
        }
    }
}
