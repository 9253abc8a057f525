package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Gaussian smoothing of {@code [N,C,H,W]} maps as a separable convolution (a vertical then a horizontal 1-D pass).
 *
 * <p>The kernel follows torchvision's formula: {@code size} taps at offsets {@code -(size-1)/2 ... (size-1)/2} from
 * the centre, weights {@code exp(-x^2 / (2 sigma^2))} divided by their sum. An even size therefore gives a symmetric
 * kernel centred between two pixels (offsets -7.5 ... 7.5 for 16).
 *
 * <p>Padding: torchvision reflects {@code size / 2} pixels on both sides before the convolution; for an even size
 * that makes the output one pixel larger than the input (and its public {@code gaussian_blur} refuses even sizes).
 * Here the input is reflected by {@code size / 2} before and {@code size - 1 - size / 2} after, which is torchvision's
 * result with its surplus last row and column dropped, so the map keeps its size; for an even kernel the
 * unavoidable half-pixel shift goes towards the top-left. Padding wider than the map keeps reflecting (a symmetric
 * periodic extension) where PyTorch's reflect padding would refuse.
 */
public final class GaussianBlur {

    private GaussianBlur() {}

    /** The normalised 1-D Gaussian kernel of {@code size} taps (computed in double, returned as float). */
    public static float[] kernel1d(int size, double sigma) {
        if (size < 1) {
            throw new IllegalArgumentException("kernel size must be >= 1, got " + size);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        double half = (size - 1) * 0.5;
        double[] pdf = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double x = (i - half) / sigma;
            pdf[i] = Math.exp(-0.5 * x * x);
            sum += pdf[i];
        }
        float[] kernel = new float[size];
        for (int i = 0; i < size; i++) {
            kernel[i] = (float) (pdf[i] / sum);
        }
        return kernel;
    }

    /** Smooths every channel of a {@code [N,C,H,W]} map; the result has the same shape, manager and type. */
    public static NDArray blur(NDArray map, int size, double sigma) {
        if (size <= 1) {
            return map.duplicate();
        }
        Shape shape = map.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long h = shape.get(2);
        long w = shape.get(3);
        // Channels become batch rows so that one single-channel kernel serves them all.
        NDArray x = map.reshape(n * c, 1, h, w);
        NDArray taps = map.getManager().create(kernel1d(size, sigma)).toType(map.getDataType(), false);
        NDArray vertical = taps.reshape(1, 1, size, 1);
        NDArray horizontal = taps.reshape(1, 1, 1, size);
        int before = size / 2;
        int after = size - 1 - before;
        NDArray padded = reflectPad(reflectPad(x, 2, before, after), 3, before, after);
        NDArray rows = convolve(padded, vertical);
        NDArray smoothed = convolve(rows, horizontal);
        return smoothed.reshape(shape);
    }

    private static NDArray convolve(NDArray x, NDArray kernel) {
        return Conv2d.conv2d(x, kernel, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** Reflects {@code before} and {@code after} pixels onto an axis (edge pixels are not repeated). */
    static NDArray reflectPad(NDArray x, int axis, int before, int after) {
        NDArray out = x;
        int remainingBefore = before;
        int remainingAfter = after;
        while (remainingBefore > 0 || remainingAfter > 0) {
            long size = out.getShape().get(axis);
            if (size < 2) {
                throw new IllegalArgumentException("cannot reflect-pad an axis of size " + size);
            }
            int b = (int) Math.min(remainingBefore, size - 1);
            int a = (int) Math.min(remainingAfter, size - 1);
            NDList parts = new NDList();
            if (b > 0) {
                parts.add(out.get(slice(axis, 1, b + 1)).flip(axis));
            }
            parts.add(out);
            if (a > 0) {
                parts.add(out.get(slice(axis, size - 1 - a, size - 1)).flip(axis));
            }
            out = NDArrays.concat(parts, axis);
            remainingBefore -= b;
            remainingAfter -= a;
        }
        return out;
    }

    private static NDIndex slice(int axis, long from, long to) {
        NDIndex index = new NDIndex();
        for (int i = 0; i < axis; i++) {
            index.addAllDim();
        }
        return index.addSliceDim(from, to);
    }
}
