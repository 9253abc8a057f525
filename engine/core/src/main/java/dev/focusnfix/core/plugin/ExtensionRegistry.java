package dev.focusnfix.core.plugin;

import dev.focusnfix.core.config.Suggestions;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Extensions by kind and id, as Lucene's named SPI keeps codecs: stable names, duplicates rejected. */
public final class ExtensionRegistry {

    private final Map<ExtensionKind, Map<String, RegisteredExtension>> byKind = new EnumMap<>(ExtensionKind.class);

    /** An empty registry. */
    public ExtensionRegistry() {
        for (ExtensionKind kind : ExtensionKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
    }

    /** Adds an extension; a second extension with the same kind and id is an error naming both. */
    public void add(RegisteredExtension extension) {
        Map<String, RegisteredExtension> ids = byKind.get(extension.kind());
        RegisteredExtension previous = ids.putIfAbsent(extension.id(), extension);
        if (previous != null) {
            throw new DuplicateExtensionException(extension.kind(), extension.id(), previous, extension);
        }
    }

    /** The extension of a kind with an id. */
    public Optional<RegisteredExtension> find(ExtensionKind kind, String id) {
        return Optional.ofNullable(byKind.get(kind).get(id));
    }

    /** Every extension of a kind, by id. */
    public Collection<RegisteredExtension> all(ExtensionKind kind) {
        return Collections.unmodifiableCollection(byKind.get(kind).values());
    }

    /** A hint for an unknown id: the nearest ids of that kind, or all of them. */
    public String hint(ExtensionKind kind, String unknownId) {
        return Suggestions.hint(unknownId, byKind.get(kind).keySet());
    }
}
