package dev.focusnfix.core.services;

import dev.focusnfix.api.services.ModelCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link ModelCache} for the life of the process; closing it closes the cached models, newest first. */
public final class ProcessModelCache implements ModelCache, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessModelCache.class);

    private final Map<String, AutoCloseable> values = new LinkedHashMap<>();

    @Override
    public synchronized <T extends AutoCloseable> T get(String key, Class<T> type, Loader<T> loader)
            throws IOException {
        AutoCloseable cached = values.get(key);
        if (cached == null) {
            T loaded = loader.load();
            values.put(key, loaded);
            return loaded;
        }
        if (!type.isInstance(cached)) {
            throw new IllegalStateException("cache key " + key + " holds a " + cached.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(cached);
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> reversed = new ArrayList<>(values.values());
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing cached model failed: {}", e.toString());
            }
        }
        values.clear();
    }
}
