package dev.focusnfix.evaluation.metrics;

import java.util.Arrays;

/**
 * Mean, median and spread of a per-image metric. {@code NaN} values (e.g. masked scores of an empty region) are left
 * out and counted in {@code skipped}; infinities are kept (an exact PSNR of identical images makes the mean infinite
 * and the standard deviation NaN, which is why tables use {@link PsnrVariant#CAPPED}).
 *
 * @param count values used
 * @param skipped NaN values left out
 * @param mean arithmetic mean (NaN when count is 0)
 * @param median middle value, or the mean of the two middle values (NaN when count is 0)
 * @param std sample standard deviation, with {@code count - 1} in the denominator (NaN when count is below 2)
 * @param min smallest value (NaN when count is 0)
 * @param max largest value (NaN when count is 0)
 */
public record Summary(int count, int skipped, double mean, double median, double std, double min, double max) {

    /** Summarises the given values. */
    public static Summary of(double... values) {
        double[] used =
                Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = used.length;
        int skipped = values.length - n;
        if (n == 0) {
            return new Summary(0, skipped, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : used) {
            sum += v;
        }
        double mean = sum / n;
        double std = Double.NaN;
        if (n >= 2) {
            double squares = 0;
            for (double v : used) {
                squares += (v - mean) * (v - mean);
            }
            std = Math.sqrt(squares / (n - 1));
        }
        double median = n % 2 == 1 ? used[n / 2] : (used[n / 2 - 1] + used[n / 2]) / 2;
        return new Summary(n, skipped, mean, median, std, used[0], used[n - 1]);
    }
}
