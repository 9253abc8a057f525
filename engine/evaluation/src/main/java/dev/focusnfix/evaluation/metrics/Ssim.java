package dev.focusnfix.evaluation.metrics;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Structural similarity (Wang et al. 2004) of images in [0, 1], computed in float64 with the common settings: an
 * 11x11 Gaussian window with sigma 1.5 (normalised to sum 1), {@code K1 = 0.01}, {@code K2 = 0.03}, data range 1,
 * population (biased) local variances. Each channel gets its own SSIM map; the result is the mean over channels and
 * map positions.
 *
 * <p>Boundary handling: 'valid' filtering, as pytorch_msssim and torchmetrics do: only windows that lie entirely inside
 * the image count, so the map is 10 pixels smaller than the image in each direction and there is no padding. (skimage
 * instead reflects at the border and crops afterwards; its numbers differ slightly.) Images must be at least 11x11.
 */
public final class Ssim {

    /** Side of the Gaussian window in pixels. */
    public static final int WINDOW_SIZE = 11;
    /** Standard deviation of the Gaussian window in pixels. */
    public static final double SIGMA = 1.5;
    /** Stabilises the luminance term: {@code C1 = (K1 * dataRange)^2}. */
    public static final double K1 = 0.01;
    /** Stabilises the contrast-structure term: {@code C2 = (K2 * dataRange)^2}. */
    public static final double K2 = 0.03;

    private static final int RADIUS = WINDOW_SIZE / 2;
    private static final double C1 = K1 * K1;
    private static final double C2 = K2 * K2;
    private static final double[] WINDOW = gaussianWindow();

    private Ssim() {}

    /**
     * Mean SSIM per image.
     *
     * @param x images {@code [N, C, H, W]} or one image {@code [C, H, W]}, values in [0, 1], H and W at least 11
     * @param y images of the same shape
     */
    public static double[] perImage(NDArray x, NDArray y) {
        List<SsimMap> maps = maps(x, y);
        double[] ssim = new double[maps.size()];
        for (int i = 0; i < ssim.length; i++) {
            ssim[i] = maps.get(i).mean();
        }
        return ssim;
    }

    /** The channel-averaged SSIM map of each image pair (see {@link SsimMap} for its grid). */
    public static List<SsimMap> maps(NDArray x, NDArray y) {
        int n = ImageShapes.requirePair(x, y);
        List<SsimMap> maps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            maps.add(map(Planes.copyOf(x, i), Planes.copyOf(y, i)));
        }
        return maps;
    }

    /** The SSIM map of one pair, averaged over channels. */
    static SsimMap map(Planes a, Planes b) {
        int h = a.height();
        int w = a.width();
        if (h < WINDOW_SIZE || w < WINDOW_SIZE) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW_SIZE + "x" + WINDOW_SIZE
                    + " pixels (the Gaussian window), got " + h + "x" + w);
        }
        int mh = h - 2 * RADIUS;
        int mw = w - 2 * RADIUS;
        double[] mean = new double[mh * mw];
        int area = a.area();
        double[] xx = new double[area];
        double[] yy = new double[area];
        double[] xy = new double[area];
        for (int c = 0; c < a.channels(); c++) {
            int base = c * area;
            double[] xc = new double[area];
            double[] yc = new double[area];
            System.arraycopy(a.values(), base, xc, 0, area);
            System.arraycopy(b.values(), base, yc, 0, area);
            for (int k = 0; k < area; k++) {
                xx[k] = xc[k] * xc[k];
                yy[k] = yc[k] * yc[k];
                xy[k] = xc[k] * yc[k];
            }
            double[] muX = filterValid(xc, h, w);
            double[] muY = filterValid(yc, h, w);
            double[] eXX = filterValid(xx, h, w);
            double[] eYY = filterValid(yy, h, w);
            double[] eXY = filterValid(xy, h, w);
            for (int k = 0; k < mean.length; k++) {
                double varX = eXX[k] - muX[k] * muX[k];
                double varY = eYY[k] - muY[k] * muY[k];
                double covXY = eXY[k] - muX[k] * muY[k];
                double luminance = (2 * muX[k] * muY[k] + C1) / (muX[k] * muX[k] + muY[k] * muY[k] + C1);
                double contrastStructure = (2 * covXY + C2) / (varX + varY + C2);
                mean[k] += luminance * contrastStructure;
            }
        }
        for (int k = 0; k < mean.length; k++) {
            mean[k] /= a.channels();
        }
        return new SsimMap(mean, mh, mw, RADIUS);
    }

    /** Separable 'valid' Gaussian filter: rows first, then columns; [h, w] -> [h - 10, w - 10]. */
    private static double[] filterValid(double[] plane, int h, int w) {
        int mw = w - 2 * RADIUS;
        int mh = h - 2 * RADIUS;
        double[] rows = new double[h * mw];
        for (int y = 0; y < h; y++) {
            int in = y * w;
            int out = y * mw;
            for (int x = 0; x < mw; x++) {
                double s = 0;
                for (int t = 0; t < WINDOW_SIZE; t++) {
                    s += WINDOW[t] * plane[in + x + t];
                }
                rows[out + x] = s;
            }
        }
        double[] result = new double[mh * mw];
        for (int y = 0; y < mh; y++) {
            for (int x = 0; x < mw; x++) {
                double s = 0;
                for (int t = 0; t < WINDOW_SIZE; t++) {
                    s += WINDOW[t] * rows[(y + t) * mw + x];
                }
                result[y * mw + x] = s;
            }
        }
        return result;
    }

    /** exp(-d^2 / (2 sigma^2)) for d = -5..5, normalised to sum 1. */
    private static double[] gaussianWindow() {
        double[] g = new double[WINDOW_SIZE];
        double sum = 0;
        for (int t = 0; t < WINDOW_SIZE; t++) {
            double d = t - RADIUS;
            g[t] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += g[t];
        }
        for (int t = 0; t < WINDOW_SIZE; t++) {
            g[t] /= sum;
        }
        return g;
    }
}
