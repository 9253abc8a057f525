package dev.focusnfix.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A mapping with string keys, in file order. Each key remembers where it was written.
 */
public final class ConfigMap implements ConfigNode {

    /**
     * One entry.
     *
     * @param keyLocation where the key was written
     * @param value the value
     */
    public record Entry(Location keyLocation, ConfigNode value) {}

    private final Map<String, Entry> entries;
    private final Location location;

    /** A map with the given entries, kept in their order. */
    public ConfigMap(Map<String, Entry> entries, Location location) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.location = location;
    }

    /** An empty map at a location. */
    public static ConfigMap empty(Location location) {
        return new ConfigMap(Map.of(), location);
    }

    /** The entries in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The keys in file order. */
    public Set<String> keys() {
        return entries.keySet();
    }

    /** The value under {@code key}, or null. */
    public ConfigNode get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** A copy without the keys matching {@code drop}. */
    public ConfigMap without(Predicate<String> drop) {
        Map<String, Entry> kept = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (!drop.test(k)) {
                kept.put(k, v);
            }
        });
        return new ConfigMap(kept, location);
    }

    /** A copy with {@code key} set to {@code value}, added at the end when new. */
    public ConfigMap with(String key, Location keyLocation, ConfigNode value) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(key, new Entry(keyLocation, value));
        return new ConfigMap(copy, location);
    }

    @Override
    public Location location() {
        return location;
    }

    @Override
    public String describe() {
        return "a map";
    }

    @Override
    public String toString() {
        return "ConfigMap" + entries.keySet();
    }
}
