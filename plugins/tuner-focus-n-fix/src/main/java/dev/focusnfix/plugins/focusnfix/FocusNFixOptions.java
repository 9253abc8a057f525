package dev.focusnfix.plugins.focusnfix;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Flatten;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.sdk.training.TrainingOptions;

/**
 * Options of the {@code focus-n-fix} tuner: the constraint weight, the reference pool and the truncation, and the
 * shared {@link TrainingOptions} written flat beside them ({@code tuner.steps}, {@code tuner.learningRate}, ...).
 * Defaults follow the Focus-N-Fix paper (back-propagation through the last 2 steps, {@code beta = 5e-4} as for the
 * safety reward; the paper used {@code 1e-3} for the artifact reward).
 *
 * @param beta weight of the constraint {@code ||(1 - M(I0)) * (I0 - I)||_F}; 0 gives DRaFT
 * @param referencePool 0: a new reference image and mask every step; N > 0: a fixed pool of N (prompt, seed) pairs
 *     whose reference images and masks are computed once and reused
 * @param truncation K, the sampling steps to back-propagate through; 0 means all of them
 * @param training the training options shared with the other DRaFT-family tuners
 */
public record FocusNFixOptions(
        @Doc("weight of the distance to the reference image outside the mask; 0 = DRaFT")
                @DefaultValue("5e-4")
                @Range(min = 0)
                double beta,
        @Doc("0: fresh reference images every step; N: a fixed pool of N reference images and masks")
                @DefaultValue("0")
                @Range(min = 0)
                int referencePool,
        @Doc("K: sampling steps to back-propagate through; 0 = all") @DefaultValue("2") @Range(min = 0) int truncation,
        @Flatten TrainingOptions training) {

    /** Checks the values. */
    public FocusNFixOptions {
        if (training == null) {
            throw new IllegalArgumentException("training options must be set");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite value >= 0, got " + beta);
        }
    }
}
