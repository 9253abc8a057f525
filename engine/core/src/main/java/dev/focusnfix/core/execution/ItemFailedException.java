package dev.focusnfix.core.execution;

/** An evaluation item failed: the message names its variant, prompt and seed, and the reason. */
public final class ItemFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure of {@code item} (described) caused by {@code cause}. */
    public ItemFailedException(String item, Throwable cause) {
        super("evaluation item failed: " + item + ": " + reason(cause), cause);
    }

    /** A failure of an item described in {@code message} (from a remote process). */
    public ItemFailedException(String message) {
        super(message);
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
