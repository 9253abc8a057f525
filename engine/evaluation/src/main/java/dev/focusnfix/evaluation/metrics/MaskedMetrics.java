package dev.focusnfix.evaluation.metrics;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * PSNR and SSIM inside and outside a region mask, to check that fine-tuning changed the flagged region and kept the
 * rest (a {@link dev.focusnfix.api.Mask}: 1 marks the region to change).
 *
 * <p>The mask is binarised: a pixel is inside when its mask value is {@code >= 0.5}, outside otherwise, so inside and
 * outside partition the image. PSNR of a region uses the MSE over the region's pixels and all channels. SSIM of a
 * region is the mean of the 'valid' SSIM map ({@link Ssim}) over the positions whose window centre is inside the
 * region, i.e. the mask is cropped by 5 pixels on each side to the map's grid; pixels in the 5-pixel border still
 * enter the windows of their neighbours but are no window centre. A mask of ones therefore gives exactly the
 * whole-image PSNR and SSIM. An empty region gives {@code NaN} ("no pixels").
 */
public final class MaskedMetrics {

    /** Mask values at or above this are inside the region. */
    public static final double THRESHOLD = 0.5;

    private MaskedMetrics() {}

    /**
     * Scores per image.
     *
     * @param x images {@code [N, C, H, W]} (or one image {@code [C, H, W]}), values in [0, 1], H and W at least 11
     * @param y images of the same shape
     * @param mask {@code [N, 1, H, W]} (or {@code [1, H, W]}), values in [0, 1]
     */
    public static List<MaskedScores> perImage(NDArray x, NDArray y, NDArray mask, PsnrVariant variant) {
        int n = ImageShapes.requirePair(x, y);
        ImageShapes.requireMask(mask, x.getShape());
        List<MaskedScores> scores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            scores.add(score(Planes.copyOf(x, i), Planes.copyOf(y, i), Planes.copyOf(mask, i), variant));
        }
        return scores;
    }

    static MaskedScores score(Planes a, Planes b, Planes mask, PsnrVariant variant) {
        int h = a.height();
        int w = a.width();
        boolean[] inside = new boolean[h * w];
        long pixelsInside = 0;
        for (int k = 0; k < inside.length; k++) {
            inside[k] = mask.values()[k] >= THRESHOLD;
            pixelsInside += inside[k] ? 1 : 0;
        }
        long pixelsOutside = inside.length - pixelsInside;

        double[] squaredErrorSum = new double[2]; // [outside, inside]
        for (int c = 0; c < a.channels(); c++) {
            int base = c * a.area();
            for (int k = 0; k < inside.length; k++) {
                double d = a.values()[base + k] - b.values()[base + k];
                squaredErrorSum[inside[k] ? 1 : 0] += d * d;
            }
        }
        double psnrInside = variant.apply(Psnr.fromMse(mean(squaredErrorSum[1], pixelsInside * a.channels())));
        double psnrOutside = variant.apply(Psnr.fromMse(mean(squaredErrorSum[0], pixelsOutside * a.channels())));

        SsimMap map = Ssim.map(a, b);
        double[] ssimSum = new double[2];
        long[] centres = new long[2];
        for (int i = 0; i < map.height(); i++) {
            for (int j = 0; j < map.width(); j++) {
                int region = inside[(i + map.offset()) * w + j + map.offset()] ? 1 : 0;
                ssimSum[region] += map.at(i, j);
                centres[region]++;
            }
        }
        return new MaskedScores(
                psnrInside,
                psnrOutside,
                mean(ssimSum[1], centres[1]),
                mean(ssimSum[0], centres[0]),
                pixelsInside,
                pixelsOutside,
                variant);
    }

    /** sum / count, or NaN ("no pixels") when the count is 0. */
    private static double mean(double sum, long count) {
        return count == 0 ? Double.NaN : sum / count;
    }
}
