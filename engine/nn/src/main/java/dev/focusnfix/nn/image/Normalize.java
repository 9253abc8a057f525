package dev.focusnfix.nn.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;

/** Per-channel normalisation {@code (x - mean[c]) / std[c]} of image batches {@code [N, C, H, W]}, differentiable. */
public final class Normalize {

    private Normalize() {}

    /** Normalises each channel; {@code mean} and {@code std} have one entry per channel. */
    public static NDArray channels(NDArray images, float[] mean, float[] std) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be [N, C, H, W], got " + shape);
        }
        long channels = shape.get(1);
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("images have " + channels + " channels but mean has " + mean.length
                    + " and std " + std.length + " entries");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std entries must be positive, got " + s);
            }
        }
        NDManager manager = images.getManager();
        Shape perChannel = new Shape(1, channels, 1, 1);
        try (NDArray meanArray = constant(manager, mean, perChannel, images.getDataType());
                NDArray stdArray = constant(manager, std, perChannel, images.getDataType());
                NDArray centred = images.sub(meanArray)) {
            return centred.div(stdArray);
        }
    }

    /** Owned by libtorch: the division saves std for the backward pass, which runs after it is closed here. */
    private static NDArray constant(NDManager manager, float[] values, Shape shape, DataType dtype) {
        return Scalars.constant(manager, values, shape, dtype);
    }
}
