package dev.focusnfix.api;

/**
 * Bad input that the user can fix: a file, folder, option or plugin jar that is malformed, inconsistent or out of
 * range. The message names the file and, where known, the tensor, key or line, and says what to do. The command line
 * reports it in one message without a stack trace and exits with code 2, wherever in a cause chain it occurs; every
 * other failure is a failure while running (exit code 1). Loaders of the framework throw it (or a subclass), and so
 * may plugins. It is an {@link IllegalArgumentException}, so code that catches those keeps working.
 */
@Stable(since = "0.1.0")
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An error whose message says what is wrong, where, and how to fix it. */
    public InvalidInputException(String message) {
        super(message);
    }

    /** The same, keeping the cause for {@code --debug}. */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first {@code InvalidInputException} in the cause chain of {@code failure}, or null when there is none. */
    public static InvalidInputException find(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 64; depth++) {
            if (t instanceof InvalidInputException bad) {
                return bad;
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return null;
    }
}
