package dev.focusnfix.nn.weights;

import dev.focusnfix.api.InvalidInputException;

/**
 * A checkpoint could not be used: a malformed or truncated file, a missing or unused key, a shape mismatch.
 * The message names the file or key and says what is wrong, so that a user can fix the checkpoint or the config;
 * the command line reports it as bad input (exit code 2).
 */
public class WeightsException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
