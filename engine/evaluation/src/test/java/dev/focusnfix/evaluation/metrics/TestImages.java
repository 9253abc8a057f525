package dev.focusnfix.evaluation.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Seeded test images in [0, 1], held as double arrays (channel-major) and turned into NDArrays on demand. */
final class TestImages {

    private TestImages() {}

    /** A smooth pattern plus seeded noise, [c, h, w], values in [0, 1]. */
    static double[] textured(int c, int h, int w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double smooth = 0.5 + 0.3 * Math.sin(0.4 * x + 0.9 * k) * Math.cos(0.25 * y);
                    double value = smooth + 0.15 * (random.nextDouble() - 0.5);
                    v[(k * h + y) * w + x] = Math.min(1, Math.max(0, value));
                }
            }
        }
        return v;
    }

    static double[] constant(int size, double value) {
        double[] v = new double[size];
        java.util.Arrays.fill(v, value);
        return v;
    }

    static double[] plus(double[] v, double offset) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] + offset;
        }
        return out;
    }

    /** Concatenates per-image arrays into one batch array. */
    static double[] batch(double[]... images) {
        int size = images[0].length;
        double[] out = new double[size * images.length];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, out, i * size, size);
        }
        return out;
    }

    static NDArray array(NDManager manager, double[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    static NDArray array32(NDManager manager, double[] values, long... shape) {
        try (NDArray wide = array(manager, values, shape)) {
            return wide.toType(DataType.FLOAT32, true);
        }
    }
}
