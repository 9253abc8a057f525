package dev.focusnfix.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskedMetricsTest {

    private static final int C = 3;
    private static final int H = 20;
    private static final int W = 24;

    private final double[] x = TestImages.textured(C, H, W, 11);
    private final double[] y = TestImages.textured(C, H, W, 12);

    @Test
    void maskOfOnesGivesTheWholeImageNumbers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = TestImages.array(manager, x, 1, C, H, W);
            NDArray b = TestImages.array(manager, y, 1, C, H, W);
            NDArray ones = manager.ones(new Shape(1, 1, H, W));
            MaskedScores s =
                    MaskedMetrics.perImage(a, b, ones, PsnrVariant.EXACT).get(0);
            assertEquals(Psnr.perImage(a, b, PsnrVariant.EXACT)[0], s.psnrInside(), 0.0);
            assertEquals(Ssim.perImage(a, b)[0], s.ssimInside(), 0.0);
            assertTrue(Double.isNaN(s.psnrOutside()), "no pixels outside");
            assertTrue(Double.isNaN(s.ssimOutside()), "no pixels outside");
            assertEquals(H * W, s.pixelsInside());
            assertEquals(0, s.pixelsOutside());
            assertEquals(1.0, s.insideFraction());
        }
    }

    @Test
    void maskOfZerosGivesNanInsideAndTheWholeImageOutside() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = TestImages.array32(manager, x, C, H, W);
            NDArray b = TestImages.array32(manager, y, C, H, W);
            NDArray zeros = manager.zeros(new Shape(1, H, W));
            MaskedScores s =
                    MaskedMetrics.perImage(a, b, zeros, PsnrVariant.CAPPED).get(0);
            assertTrue(Double.isNaN(s.psnrInside()));
            assertTrue(Double.isNaN(s.ssimInside()));
            assertEquals(Psnr.perImage(a, b, PsnrVariant.CAPPED)[0], s.psnrOutside(), 0.0);
            assertEquals(Ssim.perImage(a, b)[0], s.ssimOutside(), 0.0);
            assertEquals(PsnrVariant.CAPPED, s.psnrVariant());
        }
    }

    @Test
    void insideAndOutsidePartitionTheImage() {
        double[] mask = new double[H * W];
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                // a soft blob: values around the 0.5 threshold on both sides
                double r = Math.hypot(i - 9, j - 13) / 7;
                mask[i * W + j] = Math.max(0, Math.min(1, 1.2 - r));
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = TestImages.array(manager, x, 1, C, H, W);
            NDArray b = TestImages.array(manager, y, 1, C, H, W);
            MaskedScores s = MaskedMetrics.perImage(
                            a, b, TestImages.array(manager, mask, 1, 1, H, W), PsnrVariant.EXACT)
                    .get(0);

            // PSNR inside / outside from a direct sum over the binarised mask
            double[] squared = new double[2];
            long[] pixels = new long[2];
            for (int p = 0; p < H * W; p++) {
                int region = mask[p] >= 0.5 ? 1 : 0;
                pixels[region]++;
                for (int k = 0; k < C; k++) {
                    double d = x[k * H * W + p] - y[k * H * W + p];
                    squared[region] += d * d;
                }
            }
            assertTrue(pixels[0] > 0 && pixels[1] > 0);
            assertEquals(pixels[1], s.pixelsInside());
            assertEquals(pixels[0], s.pixelsOutside());
            assertEquals(10 * Math.log10(1 / (squared[1] / (pixels[1] * C))), s.psnrInside(), 1e-10);
            assertEquals(10 * Math.log10(1 / (squared[0] / (pixels[0] * C))), s.psnrOutside(), 1e-10);

            // The whole-image MSE is the pixel-weighted mean of the two regions' MSEs.
            double mseInside = Math.pow(10, -s.psnrInside() / 10);
            double mseOutside = Math.pow(10, -s.psnrOutside() / 10);
            double mseWhole = Math.pow(10, -Psnr.perImage(a, b, PsnrVariant.EXACT)[0] / 10);
            assertEquals(mseWhole, (mseInside * pixels[1] + mseOutside * pixels[0]) / (H * W), 1e-12);

            // SSIM: the regions split the window centres (mask cropped by 5 on each side).
            long centresInside = 0;
            for (int i = 5; i < H - 5; i++) {
                for (int j = 5; j < W - 5; j++) {
                    centresInside += mask[i * W + j] >= 0.5 ? 1 : 0;
                }
            }
            long centres = (long) (H - 10) * (W - 10);
            double whole = Ssim.perImage(a, b)[0];
            assertEquals(
                    whole,
                    (s.ssimInside() * centresInside + s.ssimOutside() * (centres - centresInside)) / centres,
                    1e-12);
        }
    }

    @Test
    void thresholdIsHalfInclusive() {
        double[] mask = TestImages.constant(H * W, 0.49);
        mask[0] = 0.5;
        try (NDManager manager = NDManager.newBaseManager()) {
            MaskedScores s = MaskedMetrics.perImage(
                            TestImages.array(manager, x, C, H, W),
                            TestImages.array(manager, y, C, H, W),
                            TestImages.array(manager, mask, 1, H, W),
                            PsnrVariant.EXACT)
                    .get(0);
            assertEquals(1, s.pixelsInside());
            // pixel (0, 0) is in the border band: no SSIM window is centred there
            assertTrue(Double.isNaN(s.ssimInside()), "no window centre in the region");
            assertTrue(Double.isFinite(s.psnrInside()));
        }
    }

    @Test
    void identicalRegionIsInfiniteOrCapped() {
        double[] z = y.clone();
        for (int k = 0; k < C; k++) {
            for (int p = 0; p < W; p++) {
                z[k * H * W + p] = x[k * H * W + p]; // first row equal
            }
        }
        double[] mask = new double[H * W];
        java.util.Arrays.fill(mask, 0, W, 1.0);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = TestImages.array(manager, x, 1, C, H, W);
            NDArray b = TestImages.array(manager, z, 1, C, H, W);
            NDArray m = TestImages.array(manager, mask, 1, 1, H, W);
            assertEquals(
                    Double.POSITIVE_INFINITY,
                    MaskedMetrics.perImage(a, b, m, PsnrVariant.EXACT).get(0).psnrInside());
            assertEquals(
                    100.0,
                    MaskedMetrics.perImage(a, b, m, PsnrVariant.CAPPED).get(0).psnrInside());
        }
    }

    @Test
    void batchesAreScoredPerImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = TestImages.array(manager, TestImages.batch(x, y), 2, C, H, W);
            NDArray b = TestImages.array(manager, TestImages.batch(y, y), 2, C, H, W);
            double[] masks = TestImages.batch(TestImages.constant(H * W, 1), TestImages.constant(H * W, 1));
            List<MaskedScores> scores =
                    MaskedMetrics.perImage(a, b, TestImages.array(manager, masks, 2, 1, H, W), PsnrVariant.CAPPED);
            assertEquals(2, scores.size());
            assertTrue(scores.get(0).psnrInside() < 30);
            assertEquals(100.0, scores.get(1).psnrInside());
            assertEquals(1.0, scores.get(1).ssimInside(), 1e-12);
        }
    }

    @Test
    void rejectsMaskOfTheWrongShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = TestImages.array(manager, x, 1, C, H, W);
            NDArray wrong = manager.ones(new Shape(1, 3, H, W));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> MaskedMetrics.perImage(a, a, wrong, PsnrVariant.EXACT));
            assertTrue(e.getMessage().contains("[1,1,20,24]"), e.getMessage());
        }
    }
}
