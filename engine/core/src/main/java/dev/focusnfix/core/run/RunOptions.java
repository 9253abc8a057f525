package dev.focusnfix.core.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open a validated experiment's run.
 *
 * @param runDirectory the run folder; empty for the experiment's own ({@code <output>/<name>/})
 * @param resume continue from the latest valid checkpoint
 * @param force resume even when the experiment changed since the checkpoint was written
 */
public record RunOptions(Optional<Path> runDirectory, boolean resume, boolean force) {

    /** Checks the values. */
    public RunOptions {
        if (force && !resume) {
            throw new IllegalArgumentException("force applies only when resuming");
        }
    }

    /** A fresh run in the experiment's folder. */
    public static RunOptions fresh() {
        return new RunOptions(Optional.empty(), false, false);
    }

    /** A run in the experiment's folder, resumed when {@code resume}, and forced past a changed experiment. */
    public static RunOptions of(boolean resume, boolean force) {
        return new RunOptions(Optional.empty(), resume, resume && force);
    }

    /** The existing run folder {@code runDirectory} (to evaluate it). */
    public static RunOptions existing(Path runDirectory) {
        return new RunOptions(Optional.of(runDirectory), false, false);
    }
}
