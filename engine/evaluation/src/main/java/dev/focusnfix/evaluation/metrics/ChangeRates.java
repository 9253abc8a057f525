package dev.focusnfix.evaluation.metrics;

/**
 * How often a score went up or down by more than a margin between two paired runs (e.g. the reward of the base model's
 * image and of the fine-tuned model's image for the same prompt and seed), the paper's improve / degrade rates.
 * Higher scores are better: a pair improves when {@code after - before > margin} and degrades when
 * {@code before - after > margin} (both strict, in double precision); everything else is unchanged. For a
 * lower-is-better score, pass the negated values. Pairs with a NaN are left out and counted in {@code skipped}.
 *
 * @param pairs pairs compared
 * @param improved pairs with {@code after - before > margin}
 * @param degraded pairs with {@code before - after > margin}
 * @param skipped pairs left out because a value was NaN
 * @param margin the margin, at least 0
 */
public record ChangeRates(int pairs, int improved, int degraded, int skipped, double margin) {

    /**
     * Counts improvements and degradations.
     *
     * @param before scores of the reference run
     * @param after scores of the compared run, paired by index
     * @param margin a finite value {@code >= 0}
     */
    public static ChangeRates of(double[] before, double[] after, double margin) {
        if (before.length != after.length) {
            throw new IllegalArgumentException(
                    "before and after must be paired: " + before.length + " and " + after.length + " values");
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("the margin must be finite and >= 0, got " + margin);
        }
        int pairs = 0;
        int improved = 0;
        int degraded = 0;
        int skipped = 0;
        for (int i = 0; i < before.length; i++) {
            if (Double.isNaN(before[i]) || Double.isNaN(after[i])) {
                skipped++;
                continue;
            }
            pairs++;
            if (after[i] - before[i] > margin) {
                improved++;
            } else if (before[i] - after[i] > margin) {
                degraded++;
            }
        }
        return new ChangeRates(pairs, improved, degraded, skipped, margin);
    }

    /** Improved pairs / pairs (NaN when there are no pairs). */
    public double improveRate() {
        return pairs == 0 ? Double.NaN : (double) improved / pairs;
    }

    /** Degraded pairs / pairs (NaN when there are no pairs). */
    public double degradeRate() {
        return pairs == 0 ? Double.NaN : (double) degraded / pairs;
    }

    /** Pairs that neither improved nor degraded. */
    public int unchanged() {
        return pairs - improved - degraded;
    }
}
