package dev.focusnfix.api.services;

import dev.focusnfix.api.Stable;

/** One task being reported. */
@Stable(since = "0.1.0")
public interface ProgressTask extends AutoCloseable {

    /** Reports that {@code done} units are finished, with a short status such as {@code reward=0.41}. */
    void step(long done, String message);

    /** Ends the task. */
    @Override
    void close();
}
