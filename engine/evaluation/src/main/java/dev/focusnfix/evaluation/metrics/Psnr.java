package dev.focusnfix.evaluation.metrics;

import ai.djl.ndarray.NDArray;

/**
 * Peak signal-to-noise ratio of images in [0, 1] (data range 1): {@code PSNR = 10 log10(1 / MSE)} with the mean
 * squared error over all channels and pixels of one image, computed in float64. Identical images have MSE 0 and
 * PSNR {@code +Infinity} ({@link PsnrVariant#EXACT}); {@link PsnrVariant#CAPPED} caps it at {@value #CAP_DB} dB.
 */
public final class Psnr {

    /** The cap of {@link PsnrVariant#CAPPED}, in dB (an MSE of 1e-10). */
    public static final double CAP_DB = 100.0;

    private Psnr() {}

    /**
     * PSNR per image.
     *
     * @param x images {@code [N, C, H, W]} or one image {@code [C, H, W]}, values in [0, 1]
     * @param y images of the same shape
     * @return one value per image, in dB
     */
    public static double[] perImage(NDArray x, NDArray y, PsnrVariant variant) {
        int n = ImageShapes.requirePair(x, y);
        double[] psnr = new double[n];
        for (int i = 0; i < n; i++) {
            Planes a = Planes.copyOf(x, i);
            Planes b = Planes.copyOf(y, i);
            psnr[i] = variant.apply(fromMse(meanSquaredError(a, b)));
        }
        return psnr;
    }

    /** {@code 10 log10(1 / mse)} for data range 1: {@code +Infinity} for 0, NaN for NaN (e.g. an empty region). */
    public static double fromMse(double mse) {
        if (Double.isNaN(mse)) {
            return Double.NaN;
        }
        if (mse < 0) {
            throw new IllegalArgumentException("a mean squared error cannot be negative: " + mse);
        }
        return mse == 0 ? Double.POSITIVE_INFINITY : -10.0 * Math.log10(mse);
    }

    static double meanSquaredError(Planes a, Planes b) {
        double[] u = a.values();
        double[] v = b.values();
        double sum = 0;
        for (int k = 0; k < u.length; k++) {
            double d = u[k] - v[k];
            sum += d * d;
        }
        return sum / u.length;
    }
}
