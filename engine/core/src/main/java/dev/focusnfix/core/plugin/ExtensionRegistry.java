package dev.focusnfix.core.plugin;

import dev.focusnfix.core.config.Suggestions;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Extensions by kind and id, as Lucene's named SPI keeps codecs: stable names, duplicates rejected. An id that two
 * plugins claim can be {@linkplain #register recorded as a conflict} instead: then only the experiments that use that
 * id fail, with a message naming both.
 */
public final class ExtensionRegistry {

    /** What an extension id looks like: lower-case words joined by dashes (as the contract kit checks). */
    public static final String ID_PATTERN = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(ID_PATTERN);

    private final Map<ExtensionKind, Map<String, RegisteredExtension>> byKind = new EnumMap<>(ExtensionKind.class);
    private final Map<ExtensionKind, Map<String, DuplicateExtensionException>> conflicts =
            new EnumMap<>(ExtensionKind.class);
    private final Map<RegisteredExtension, String> sources = new java.util.IdentityHashMap<>();

    /** An empty registry. */
    public ExtensionRegistry() {
        for (ExtensionKind kind : ExtensionKind.values()) {
            byKind.put(kind, new TreeMap<>());
            conflicts.put(kind, new TreeMap<>());
        }
    }

    /** Refuses an id that is not lower-case words joined by dashes; the message names the extension class. */
    public static void checkId(String id, Class<?> extensionClass) {
        if (id == null) {
            throw new IllegalArgumentException("extension " + extensionClass.getName() + " returns a null id");
        }
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("extension " + extensionClass.getName() + " has the id '" + id
                    + "', which is not lower-case words joined by dashes (" + ID_PATTERN + ", e.g. 'focus-n-fix')");
        }
    }

    /**
     * Adds an extension, recording a second extension with the same kind and id as a conflict (both are then
     * removed: an experiment that uses the id fails, naming both); returns the conflict, or null.
     */
    public DuplicateExtensionException register(RegisteredExtension extension, String source) {
        Map<String, RegisteredExtension> ids = byKind.get(extension.kind());
        DuplicateExtensionException known = conflicts.get(extension.kind()).get(extension.id());
        RegisteredExtension previous = known != null ? null : ids.putIfAbsent(extension.id(), extension);
        if (known == null && previous == null) {
            sources.put(extension, source);
            return null;
        }
        DuplicateExtensionException conflict = known != null
                ? new DuplicateExtensionException(known.getMessage()
                        .replace("; remove one of", ", and " + describe(extension, source) + "; remove all but one of"))
                : new DuplicateExtensionException(
                        extension.kind(),
                        extension.id(),
                        describe(previous, sources.get(previous)),
                        describe(extension, source));
        ids.remove(extension.id());
        conflicts.get(extension.kind()).put(extension.id(), conflict);
        return conflict;
    }

    private static String describe(RegisteredExtension e, String source) {
        return (source == null ? e.pluginId() : source) + " (plugin " + e.pluginId() + " " + e.pluginVersion() + ", "
                + e.extension().getClass().getName() + ")";
    }

    /** The conflict recorded for an id, if two plugins claim it. */
    public Optional<DuplicateExtensionException> conflict(ExtensionKind kind, String id) {
        return Optional.ofNullable(conflicts.get(kind).get(id));
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
