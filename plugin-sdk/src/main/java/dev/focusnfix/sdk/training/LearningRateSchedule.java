package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;

/**
 * How the learning rate changes over the training steps {@code i = 1 .. total}, from the base rate {@code eta0}.
 * Written {@code constant}, {@code inverse-sqrt} and {@code cosine} in experiment files.
 */
@Experimental
public enum LearningRateSchedule {

    /** {@code eta_i = eta0}. */
    CONSTANT {
        @Override
        public double rate(double eta0, int step, int total) {
            check(step, total);
            return eta0;
        }
    },

    /** {@code eta_i = eta0 / sqrt(i)}: the DRaFT and Focus-N-Fix papers' schedule. */
    INVERSE_SQRT {
        @Override
        public double rate(double eta0, int step, int total) {
            check(step, total);
            return eta0 / Math.sqrt(step);
        }
    },

    /** {@code eta_i = eta0 * (1 + cos(pi * (i - 1) / total)) / 2}: from {@code eta0} at the first step towards 0. */
    COSINE {
        @Override
        public double rate(double eta0, int step, int total) {
            check(step, total);
            return eta0 * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / total));
        }
    };

    /** The learning rate of step {@code step} (1 first) of a run of {@code total} steps. */
    public abstract double rate(double eta0, int step, int total);

    private static void check(int step, int total) {
        if (step < 1 || step > total) {
            throw new IllegalArgumentException("step " + step + " is outside 1.." + total);
        }
    }
}
