package dev.focusnfix.core.config;

import dev.focusnfix.api.InvalidInputException;

/**
 * A mistake in the user's configuration: the message names the place (file, line, column), the key path, what was
 * found and what was expected. The command line reports it as bad input (exit code 2) without a stack trace.
 */
public class ConfigException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final transient Location location;
    private final String keyPath;

    /** An error at a location and key path. */
    public ConfigException(Location location, String keyPath, String problem) {
        super(format(location, keyPath, problem));
        this.location = location;
        this.keyPath = keyPath;
    }

    /** The same, with the cause kept for {@code --debug}. */
    public ConfigException(Location location, String keyPath, String problem, Throwable cause) {
        super(format(location, keyPath, problem), cause);
        this.location = location;
        this.keyPath = keyPath;
    }

    private static String format(Location location, String keyPath, String problem) {
        StringBuilder sb = new StringBuilder();
        if (location != null) {
            sb.append(location).append(": ");
        }
        if (keyPath != null && !keyPath.isEmpty()) {
            sb.append(keyPath).append(": ");
        }
        return sb.append(problem).toString();
    }

    /** Where the mistake is, or null. */
    public Location location() {
        return location;
    }

    /** The dotted key path, or an empty string for the document itself. */
    public String keyPath() {
        return keyPath;
    }
}
