package dev.focusnfix.api.services;

import dev.focusnfix.api.Stable;
import java.io.IOException;

/**
 * Keeps loaded models for the life of the process, so that commands running several experiments (sweeps,
 * comparisons) load a checkpoint once. Cached values are closed when the framework shuts down.
 */
@Stable(since = "0.1.0")
public interface ModelCache {

    /** Loads a value. */
    @FunctionalInterface
    interface Loader<T> {
        /** Loads the value. */
        T load() throws IOException;
    }

    /**
     * The value cached under {@code key}, loading it on first use. Keys should include everything the value depends
     * on (path, device, data type).
     */
    <T extends AutoCloseable> T get(String key, Class<T> type, Loader<T> loader) throws IOException;
}
