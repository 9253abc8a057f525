package dev.focusnfix.core.plugin;

import dev.focusnfix.api.NamedExtension;

/**
 * An extension instance with where it came from.
 *
 * @param kind its extension point
 * @param extension the instance (created through the injector)
 * @param pluginId the plugin that provides it, or {@code framework} for built-in extensions
 * @param pluginVersion the plugin's version
 */
public record RegisteredExtension(
        ExtensionKind kind, NamedExtension<?> extension, String pluginId, String pluginVersion) {

    /** The extension id. */
    public String id() {
        return extension.id();
    }
}
