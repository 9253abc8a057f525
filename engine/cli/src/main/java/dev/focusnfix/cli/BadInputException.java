package dev.focusnfix.cli;

import dev.focusnfix.api.InvalidInputException;

/** A command-line input that is wrong in a way the user can fix; reported without a stack trace (exit code 2). */
public class BadInputException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** An error with a message saying what is wrong and how to fix it. */
    public BadInputException(String message) {
        super(message);
    }
}
