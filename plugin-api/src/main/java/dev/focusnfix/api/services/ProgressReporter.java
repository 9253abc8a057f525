package dev.focusnfix.api.services;

import dev.focusnfix.api.Stable;

/**
 * Reports progress of long work: a progress bar on a terminal, plain log lines otherwise.
 */
@Stable(since = "0.1.0")
public interface ProgressReporter {

    /** Starts a task of {@code total} units; close the returned task when done. */
    ProgressTask start(String name, long total);

    /** A reporter that shows nothing, for tests and quiet runs. */
    static ProgressReporter silent() {
        return (name, total) -> new ProgressTask() {
            @Override
            public void step(long done, String message) {}

            @Override
            public void close() {}
        };
    }
}
