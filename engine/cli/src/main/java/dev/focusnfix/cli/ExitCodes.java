package dev.focusnfix.cli;

import dev.focusnfix.api.InvalidInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * The one mapping of failures to exit codes that every command uses. Bad input (exit code 2) is anything about the
 * user's files, folders, options or plugin jars: an {@link InvalidInputException} (the framework's loaders, the
 * experiment binder and plugins throw it or a subclass) anywhere in the cause chain, a command-line error, or a
 * file that does not exist or cannot be read. Everything else is a failure while running (exit code 1).
 */
final class ExitCodes {

    private static final int MAX_DEPTH = 64;

    private ExitCodes() {}

    /** {@link Main#BAD_INPUT} or {@link Main#FAILURE} for a failure. */
    static int of(Throwable failure) {
        return badInput(failure) != null ? Main.BAD_INPUT : Main.FAILURE;
    }

    /**
     * The one message reported for a failure. For bad input it is the outermost message of the chain that contains
     * the bad input's own message (outer layers add the file or the option), else that message; for a failure while
     * running, the exception type and its message.
     */
    static String message(Throwable failure) {
        Throwable bad = badInput(failure);
        if (bad == null) {
            String m = failure.getMessage();
            return m == null ? failure.getClass().getName() : failure.getClass().getSimpleName() + ": " + m;
        }
        String own = ownMessage(bad);
        Throwable t = failure;
        for (int depth = 0; t != null && t != bad && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains(own) && !m.equals(String.valueOf(t.getCause()))) {
                return m;
            }
        }
        return own;
    }

    /** The exception in the chain that makes the failure bad input, or null. */
    static Throwable badInput(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (t instanceof InvalidInputException
                    || t instanceof CommandLine.ParameterException
                    || t instanceof NoSuchFileException
                    || t instanceof AccessDeniedException
                    || t instanceof NotDirectoryException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return null;
    }

    private static String ownMessage(Throwable bad) {
        if (bad instanceof FileSystemException fs) {
            String what = bad instanceof NoSuchFileException
                    ? "does not exist"
                    : bad instanceof AccessDeniedException
                            ? "cannot be read or written (permission denied)"
                            : "is not a folder";
            return fs.getFile() + " " + what + (fs.getReason() == null ? "" : " (" + fs.getReason() + ")")
                    + "; check the path";
        }
        return bad.getMessage() == null ? bad.getClass().getSimpleName() : bad.getMessage();
    }
}
