package dev.focusnfix.api.image;

import dev.focusnfix.api.Stable;

/**
 * One-dimensional resampling kernels with PyTorch's {@code torch.nn.functional.interpolate} semantics for
 * {@code align_corners=False, antialias=False}, expressed as an interpolation matrix: resampling a signal of length
 * {@code in} to length {@code out} is {@code y = A x} with {@code A} of shape {@code [out, in]}.
 *
 * <p>Both kernels map output index {@code i} to the source coordinate {@code (i + 0.5) * in / out - 0.5} (the pixel
 * centres line up). The weights are computed in double precision.
 */
@Stable(since = "0.2.0")
public enum Interpolation {

    /**
     * {@code mode='bilinear'} (per axis: linear): the source coordinate is clamped at 0, the upper neighbour at
     * {@code in - 1}.
     */
    BILINEAR {
        @Override
        void addRow(double[] matrix, int row, int in, double source) {
            double x = Math.max(source, 0.0);
            int x0 = (int) x;
            int x1 = Math.min(x0 + 1, in - 1);
            double lambda = x - x0;
            matrix[row * in + x0] += 1.0 - lambda;
            matrix[row * in + x1] += lambda;
        }
    },

    /**
     * {@code mode='bicubic'}: Keys' cubic convolution with {@code a = -0.75} over the four neighbours
     * {@code floor(x) - 1 .. floor(x) + 2}, whose indices are clamped to {@code [0, in - 1]} (border replication).
     */
    BICUBIC {
        @Override
        void addRow(double[] matrix, int row, int in, double source) {
            int x0 = (int) Math.floor(source);
            double t = source - x0;
            double[] weights = {
                cubicFar(t + 1.0), cubicNear(t), cubicNear(1.0 - t), cubicFar(2.0 - t),
            };
            for (int k = 0; k < 4; k++) {
                int index = Math.min(Math.max(x0 - 1 + k, 0), in - 1);
                matrix[row * in + index] += weights[k];
            }
        }
    };

    /** PyTorch's cubic coefficient. */
    static final double CUBIC_A = -0.75;

    /** The interpolation matrix {@code [out, in]} in row-major order. */
    public double[] matrix(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("sizes must be positive, got in=" + in + ", out=" + out);
        }
        double[] matrix = new double[out * in];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            addRow(matrix, i, in, scale * (i + 0.5) - 0.5);
        }
        return matrix;
    }

    /** Adds the weights of output {@code row}, whose source coordinate is {@code source}, into {@code matrix}. */
    abstract void addRow(double[] matrix, int row, int in, double source);

    /** Kernel for distances {@code |x| <= 1}: {@code ((a + 2)|x| - (a + 3))x^2 + 1}. */
    private static double cubicNear(double x) {
        return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
    }

    /** Kernel for distances {@code 1 < |x| < 2}: {@code a|x|^3 - 5a|x|^2 + 8a|x| - 4a}. */
    private static double cubicFar(double x) {
        return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
    }
}
