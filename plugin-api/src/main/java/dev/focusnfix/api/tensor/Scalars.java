package dev.focusnfix.api.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Stable;

/**
 * Arithmetic between arrays and Java numbers, and constants made from Java data, that stay correct under autograd on
 * DJL's CPU PyTorch engine (see the package documentation for why {@code x.mul(Number)} does not).
 *
 * <p>Every scalar is a 0-d tensor of the array's data type on its device, made by {@code manager.full} (libtorch owns
 * its memory); float64 and non-floating arrays get a float64 scalar copied into libtorch memory, which keeps every
 * digit and promotes as DJL's {@code x.op(double)} does. Results live in {@code x}'s manager.
 */
@Stable(since = "0.2.0")
public final class Scalars {

    private Scalars() {}

    /** {@code x * value}. */
    public static NDArray mul(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.mul(s);
        }
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.div(s);
        }
    }

    /** {@code x ^ exponent}. */
    public static NDArray pow(NDArray x, double exponent) {
        try (NDArray s = scalar(x, exponent)) {
            return x.pow(s);
        }
    }

    /** Element-wise {@code max(x, value)}. */
    public static NDArray maximum(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.maximum(s);
        }
    }

    /** Element-wise {@code min(x, value)}. */
    public static NDArray minimum(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.minimum(s);
        }
    }

    /** {@code value - x}. */
    public static NDArray rsub(double value, NDArray x) {
        try (NDArray negated = x.neg()) {
            return negated.add(value);
        }
    }

    /**
     * A 0-d array holding {@code value} in {@code like}'s data type (float64 for non-floating types), on its device,
     * in its manager, in memory libtorch owns. The caller closes it.
     */
    public static NDArray scalar(NDArray like, double value) {
        NDManager manager = like.getManager();
        DataType dtype = like.getDataType();
        NDArray s;
        if (dtype.isFloating() && dtype != DataType.FLOAT64) {
            // full takes a float; for these types that loses nothing the operation would keep.
            s = manager.full(new Shape(), (float) value, dtype);
        } else {
            s = owned(manager.create(value));
        }
        if (!s.getDevice().equals(like.getDevice())) {
            NDArray moved = s.toDevice(like.getDevice(), false);
            s.close();
            s = moved;
        }
        return s;
    }

    /**
     * A copy of an array made from Java data ({@code manager.create(...)}) in memory libtorch owns; closes the
     * original. Use it for constants (masks, interpolation matrices, normalisation vectors, token ids) that enter
     * differentiable operations. Never for values that need gradients: the copy is cut from the autograd graph.
     */
    public static NDArray owned(NDArray javaBacked) {
        if (javaBacked.getDevice().isGpu()) {
            // Arrays made for a GPU are copied to the device when they are created.
            return javaBacked;
        }
        NDArray copy = javaBacked.duplicate();
        javaBacked.close();
        return copy;
    }

    /** The values as an array of {@code shape} in {@code dtype}, in {@code manager}, in memory libtorch owns. */
    public static NDArray constant(NDManager manager, float[] values, Shape shape, DataType dtype) {
        NDArray javaBacked = manager.create(values, shape);
        if (dtype == javaBacked.getDataType()) {
            return owned(javaBacked);
        }
        // A converting copy is made by libtorch already.
        NDArray converted = javaBacked.toType(dtype, true);
        javaBacked.close();
        return converted;
    }

    /** The values as an int64 array of {@code shape} in {@code manager}, in memory libtorch owns. */
    public static NDArray constant(NDManager manager, long[] values, Shape shape) {
        return owned(manager.create(values, shape));
    }
}
