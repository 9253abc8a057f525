package dev.focusnfix.plugins.region;

import java.util.Arrays;

/**
 * Turns one image's map (row-major values) into a binary mask. A pixel of value 0 or less is never selected, so a
 * map without any signal gives an empty mask whatever the threshold.
 */
public final class Thresholds {

    private Thresholds() {}

    /** Pixels whose value is at least {@code threshold} (and positive). */
    public static boolean[] absolute(float[] values, float threshold) {
        boolean[] mask = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            mask[i] = values[i] >= threshold && values[i] > 0f;
        }
        return mask;
    }

    /**
     * The top {@code 1 - q} fraction of the pixels: the cut-off is the k-th largest value with
     * {@code k = max(1, round((1 - q) * count))}, and every pixel at least as large (and positive) is kept, so ties at
     * the cut-off are kept together.
     */
    public static boolean[] quantile(float[] values, float q) {
        return absolute(values, quantileValue(values, q));
    }

    /** The cut-off {@link #quantile} uses. */
    public static float quantileValue(float[] values, float q) {
        if (q < 0f || q > 1f) {
            throw new IllegalArgumentException("quantile must be in [0,1], got " + q);
        }
        if (values.length == 0) {
            return Float.POSITIVE_INFINITY;
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int keep = (int) Math.max(1, Math.round((1.0 - q) * values.length));
        return sorted[values.length - keep];
    }
}
