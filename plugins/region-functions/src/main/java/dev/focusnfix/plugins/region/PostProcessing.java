package dev.focusnfix.plugins.region;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;

/**
 * How a saliency map becomes a mask, in this order: Gaussian smoothing, per-image min-max normalisation to [0,1],
 * threshold, main connected regions, dilation. Shared by {@code saliency} and {@code occlusion} (YAML key
 * {@code postprocess}).
 *
 * @param smoothingKernel Gaussian kernel size in pixels; 0 or 1 switches smoothing off
 * @param smoothingSigma Gaussian standard deviation in pixels
 * @param thresholdMode how {@code threshold} is read
 * @param threshold the cut-off: a value of the normalised map ({@code absolute}) or the quantile q of each image's
 *     map, keeping the top {@code 1 - q} of its pixels ({@code quantile}); unused with {@code none}
 * @param minComponentFraction keeps the connected regions whose area is at least this fraction of the largest one's;
 *     0 keeps every region
 * @param maxComponents keeps at most this many regions, the largest first; 0 means no limit
 * @param connectivity pixel neighbourhood of the connected regions: 4 or 8
 * @param dilation radius r of the square (2r+1)x(2r+1) structuring element the mask is dilated with; 0 switches it off
 */
public record PostProcessing(
        @Doc("Gaussian smoothing kernel size in pixels (0 or 1: off)") @DefaultValue("16") @Range(min = 0)
                int smoothingKernel,
        @Doc("Gaussian smoothing sigma in pixels") @DefaultValue("4.0") @Range(min = 0.01) float smoothingSigma,
        @Doc("absolute: threshold is a value of the normalised map; quantile: threshold is a per-image quantile;"
                        + " none: the mask is the normalised map")
                @DefaultValue("absolute")
                ThresholdMode thresholdMode,
        @Doc("cut-off value or quantile, in [0,1]") @DefaultValue("0.3") @Range(min = 0, max = 1) float threshold,
        @Doc("keep regions with at least this fraction of the largest region's area (0: all)")
                @DefaultValue("0.25")
                @Range(min = 0, max = 1)
                float minComponentFraction,
        @Doc("keep at most this many regions, largest first (0: no limit)") @DefaultValue("0") @Range(min = 0)
                int maxComponents,
        @Doc("neighbourhood of connected regions: 4 or 8") @DefaultValue("8") @Range(min = 4, max = 8) int connectivity,
        @Doc("dilation radius in pixels (square structuring element; 0: off)") @DefaultValue("2") @Range(min = 0)
                int dilation) {

    /** How the threshold is applied. */
    public enum ThresholdMode {
        /** Keep pixels whose normalised value is at least the threshold. */
        ABSOLUTE,
        /** Keep each image's top {@code 1 - threshold} fraction of pixels. */
        QUANTILE,
        /** No threshold: the mask is the normalised (soft) map; connected regions are not filtered. */
        NONE
    }

    /** Checks what the annotations cannot express. */
    public PostProcessing {
        if (connectivity != 4 && connectivity != 8) {
            throw new IllegalArgumentException("connectivity must be 4 or 8, got " + connectivity);
        }
        if (thresholdMode == null) {
            throw new IllegalArgumentException("thresholdMode must be absolute, quantile or none");
        }
    }

    /**
     * The defaults: kernel 16, sigma 4 (the paper's smoothing), absolute threshold 0.3, regions of at least a quarter
     * of the largest one's area, 8-connectivity, dilation radius 2.
     */
    public static PostProcessing defaults() {
        return new PostProcessing(16, 4f, ThresholdMode.ABSOLUTE, 0.3f, 0.25f, 0, 8, 2);
    }

    /** The same chain without any step: the mask is the normalised raw map. */
    public static PostProcessing none() {
        return new PostProcessing(0, 4f, ThresholdMode.NONE, 0f, 0f, 0, 8, 0);
    }
}
