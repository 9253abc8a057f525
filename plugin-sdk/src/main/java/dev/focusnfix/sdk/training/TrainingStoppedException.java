package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;

/**
 * Training stopped before its last step because it could not go on safely (too many non-finite steps in a row).
 * The message says at which step, why, and which checkpoint is the last good one.
 */
@Experimental
public final class TrainingStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int step;

    /** Stopped at {@code step}. */
    public TrainingStoppedException(int step, String message) {
        super(message);
        this.step = step;
    }

    /** The step at which training stopped. */
    public int step() {
        return step;
    }
}
