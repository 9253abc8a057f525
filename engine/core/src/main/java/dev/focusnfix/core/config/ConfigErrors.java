package dev.focusnfix.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several configuration mistakes found in one pass, reported together sorted by position (file, line, column;
 * command-line overrides and unplaced problems after the file's), one per line, so a user fixes them all at once.
 */
public final class ConfigErrors extends ConfigException {

    private static final long serialVersionUID = 1L;

    /** Positions first by file order, then values without a line (command-line overrides, the whole document). */
    private static final Comparator<ConfigException> BY_POSITION = Comparator.comparing(
                    (ConfigException e) -> e.location() == null || e.location().line() == 0)
            .thenComparing(e -> e.location() == null ? "" : e.location().source())
            .thenComparingInt(e -> e.location() == null ? 0 : e.location().line())
            .thenComparingInt(e -> e.location() == null ? 0 : e.location().column());

    private final transient List<ConfigException> errors;

    private ConfigErrors(List<ConfigException> errors) {
        super(
                null,
                null,
                errors.size() + " problems:\n"
                        + errors.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")),
                errors.get(0));
        this.errors = errors;
    }

    /**
     * The problems as one exception: the single problem itself, or all of them sorted by position (nested groups
     * flattened, repeated messages dropped).
     *
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    public static ConfigException of(List<? extends ConfigException> problems) {
        List<ConfigException> flat = new ArrayList<>();
        for (ConfigException p : problems) {
            for (ConfigException one : p instanceof ConfigErrors group ? group.errors : List.of(p)) {
                if (flat.stream().noneMatch(f -> f.getMessage().equals(one.getMessage()))) {
                    flat.add(one);
                }
            }
        }
        if (flat.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        if (flat.size() == 1) {
            return flat.get(0);
        }
        flat.sort(BY_POSITION);
        return new ConfigErrors(List.copyOf(flat));
    }

    /** The single problems, sorted by position. */
    public List<ConfigException> errors() {
        return errors;
    }

    /** Every single problem of {@code e}: its group's, or itself. */
    public static List<ConfigException> each(ConfigException e) {
        return e instanceof ConfigErrors group ? group.errors : List.of(e);
    }
}
