package dev.focusnfix.evaluation.metrics;

/**
 * PSNR and SSIM of one image pair inside and outside a region mask. A value is {@code NaN} when its region has no
 * pixels ("no pixels", not an error): for PSNR when the region is empty, for SSIM when no SSIM window centre lies in
 * the region (see {@link MaskedMetrics}).
 *
 * @param psnrInside PSNR over the region's pixels, in dB
 * @param psnrOutside PSNR over the other pixels, in dB
 * @param ssimInside mean SSIM map over the region's window centres
 * @param ssimOutside mean SSIM map over the other window centres
 * @param pixelsInside pixels in the region (per channel)
 * @param pixelsOutside pixels outside it
 * @param psnrVariant whether the PSNR values are exact or capped
 */
public record MaskedScores(
        double psnrInside,
        double psnrOutside,
        double ssimInside,
        double ssimOutside,
        long pixelsInside,
        long pixelsOutside,
        PsnrVariant psnrVariant) {

    /** The fraction of the image inside the region. */
    public double insideFraction() {
        return (double) pixelsInside / (pixelsInside + pixelsOutside);
    }
}
