package dev.focusnfix.training.checkpoint;

/**
 * A valid checkpoint that belongs to another experiment (a different hash of the resolved experiment, or adapters of
 * another shape): resuming from it would silently mix two experiments, so it is refused unless forced.
 */
public final class CheckpointMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message saying what differs and how to proceed. */
    public CheckpointMismatchException(String message) {
        super(message);
    }
}
