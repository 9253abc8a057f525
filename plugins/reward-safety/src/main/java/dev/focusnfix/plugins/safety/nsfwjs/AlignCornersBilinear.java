package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;

/**
 * TensorFlow.js's {@code tf.image.resizeBilinear(images, size, alignCorners = true)} (half-pixel centres off), the
 * resize nsfwjs applies before its model, as two matrix products {@code Rh @ x @ Rw^T} so that it is differentiable.
 * Output pixel {@code r} reads the source at {@code r * (in - 1) / (out - 1)}: the corner pixels of input and output
 * coincide. Each row of {@code Rh} holds the weights {@code 1 - f} and {@code f} of the two source rows, as in
 * tfjs-backend-cpu's kernel.
 */
final class AlignCornersBilinear {

    private AlignCornersBilinear() {}

    /** Resizes {@code [N, C, H, W]} images to {@code height x width}; returns the input itself when it fits. */
    static NDArray resize(NDArray images, int height, int width) {
        Shape s = images.getShape();
        int inH = (int) s.get(2);
        int inW = (int) s.get(3);
        if (inH == height && inW == width) {
            return images;
        }
        NDManager manager = images.getManager();
        DataType type = images.getDataType();
        try (NDArray rows = weights(manager, inH, height, type);
                NDArray cols = weights(manager, inW, width, type);
                NDArray colsT = cols.transpose(1, 0);
                NDArray tall = rows.matMul(images)) {
            return tall.matMul(colsT);
        }
    }

    /** The {@code [out, in]} interpolation matrix of one axis. */
    static NDArray weights(NDManager manager, int in, int out, DataType type) {
        float[] w = new float[out * in];
        double ratio = out > 1 ? (in - 1) / (double) (out - 1) : in / (double) out;
        for (int r = 0; r < out; r++) {
            double source = ratio * r;
            int floor = Math.max(0, (int) Math.floor(source));
            int ceil = Math.min(in - 1, (int) Math.ceil(source));
            double frac = source - floor;
            w[r * in + floor] += (float) (1 - frac);
            w[r * in + ceil] += (float) frac;
        }
        NDArray matrix = Scalars.constant(manager, w, new Shape(out, in), DataType.FLOAT32);
        if (type == DataType.FLOAT32) {
            return matrix;
        }
        NDArray converted = matrix.toType(type, false);
        matrix.close();
        return converted;
    }
}
