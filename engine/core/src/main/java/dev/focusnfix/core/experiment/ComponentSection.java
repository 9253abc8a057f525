package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.ConfigNode;
import dev.focusnfix.core.config.ConfigScalar;
import dev.focusnfix.core.config.Location;
import dev.focusnfix.core.config.OptionsBinder;
import java.util.Set;

/**
 * A section that selects an extension: {@code plugin: <id>} and, beside it, the extension's own options.
 *
 * @param plugin the extension id
 * @param options every other key of the section, bound later to the extension's options type
 * @param path the section's key path, for error messages
 * @param location where the plugin id is written
 */
public record ComponentSection(String plugin, ConfigMap options, String path, Location location) {

    /** The key that names the extension. */
    public static final String PLUGIN_KEY = "plugin";

    /** Reads a section, keeping {@code reserved} keys (bound by the framework) out of the plugin options. */
    static ComponentSection read(ConfigNode node, String path, Set<String> reserved) {
        if (!(node instanceof ConfigMap map)) {
            throw new ConfigException(
                    node.location(),
                    path,
                    "expected a map with 'plugin: <id>' and the plugin's options, got " + node.describe());
        }
        ConfigNode id = map.get(PLUGIN_KEY);
        if (!(id instanceof ConfigScalar s) || !(s.value() instanceof String text) || text.isBlank()) {
            throw new ConfigException(
                    id == null ? map.location() : id.location(),
                    OptionsBinder.join(path, PLUGIN_KEY),
                    "missing required value (the extension id, e.g. "
                            + "'plugin: focus-n-fix'; 'framework plugins' lists them)");
        }
        return new ComponentSection(
                text, map.without(k -> k.equals(PLUGIN_KEY) || reserved.contains(k)), path, id.location());
    }

    /** The converter that lets the binder build sections. */
    static OptionsBinder.Converter<ComponentSection> converter() {
        return (node, path, binder) -> read(node, path, Set.of());
    }
}
