package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with Java numbers that stays differentiable on DJL's CPU PyTorch engine. DJL's {@code x.mul(Number)}
 * wraps the number in a tensor over a Java buffer and closes it at once; autograd keeps that tensor for the backward
 * pass, and after a garbage collection it points to freed memory (garbage gradients). Here the scalar is made by
 * {@code full}, whose memory belongs to libtorch.
 */
final class NativeScalars {

    private NativeScalars() {}

    /** {@code x * value}. */
    static NDArray mul(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.mul(s);
        }
    }

    /** {@code x / value}. */
    static NDArray div(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.div(s);
        }
    }

    /** A copy of an array made from Java data, in memory owned by libtorch (safe to close the original). */
    static NDArray owned(NDArray javaBacked) {
        NDArray copy = javaBacked.duplicate();
        javaBacked.close();
        return copy;
    }

    private static NDArray scalar(NDArray like, double value) {
        NDArray s = like.getManager().full(new Shape(), (float) value, like.getDataType());
        if (!s.getDevice().equals(like.getDevice())) {
            NDArray moved = s.toDevice(like.getDevice(), false);
            s.close();
            return moved;
        }
        return s;
    }
}
