package dev.focusnfix.core.config;

/**
 * Where a configuration value came from: a file position, or a command-line override.
 *
 * @param source the file name or {@code --set key=value}
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record Location(String source, int line, int column) {

    /** A location for values that came from the command line. */
    public static Location commandLine(String argument) {
        return new Location("--set " + argument, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ":" + column : source;
    }
}
