package dev.focusnfix.core.config;

import java.util.List;

/**
 * Applies command-line overrides {@code key.path=value} to a configuration tree. The value is read as YAML
 * ({@code 5e-4}, {@code true}, {@code [a, b]}, {@code "text"}), so it binds exactly as if written in the file; missing
 * intermediate maps are created.
 */
public final class Overrides {

    private Overrides() {}

    /** Applies every override in order; a later one wins. */
    public static ConfigMap apply(ConfigMap root, List<String> overrides) {
        ConfigMap result = root;
        for (String override : overrides) {
            result = apply(result, override);
        }
        return result;
    }

    /** Applies one {@code key.path=value} override. */
    public static ConfigMap apply(ConfigMap root, String override) {
        int eq = override.indexOf('=');
        Location at = Location.commandLine(override);
        if (eq <= 0) {
            throw new ConfigException(at, null, "expected key.path=value");
        }
        String keyPath = override.substring(0, eq).trim();
        String[] keys = keyPath.split("\\.");
        for (String k : keys) {
            if (k.isEmpty()) {
                throw new ConfigException(at, keyPath, "empty key in the path");
            }
        }
        ConfigNode value = YamlLoader.parse(override.substring(eq + 1), at.source());
        if (value == null) {
            value = new ConfigScalar(null, "null", at);
        }
        return set(root, keys, 0, relocate(value, at), at, "");
    }

    /** Replaces (or adds) the node at a dotted key path with {@code value}, keeping the value's own locations. */
    public static ConfigMap replace(ConfigMap root, String keyPath, ConfigNode value) {
        return set(root, keyPath.split("\\."), 0, value, value.location(), "");
    }

    private static ConfigMap set(ConfigMap map, String[] keys, int i, ConfigNode value, Location at, String path) {
        String key = keys[i];
        String childPath = OptionsBinder.join(path, key);
        if (i == keys.length - 1) {
            return map.with(key, at, value);
        }
        ConfigNode child = map.get(key);
        ConfigMap childMap;
        if (child == null || (child instanceof ConfigScalar s && s.value() == null)) {
            childMap = ConfigMap.empty(at);
        } else if (child instanceof ConfigMap m) {
            childMap = m;
        } else {
            throw new ConfigException(
                    at,
                    childPath,
                    "cannot set a key inside " + child.describe() + " (written at " + child.location() + ")");
        }
        return map.with(
                key,
                map.entries().containsKey(key) ? map.entries().get(key).keyLocation() : at,
                set(childMap, keys, i + 1, value, at, childPath));
    }

    /** Gives every node of an override the override's location, so errors point at the command line. */
    private static ConfigNode relocate(ConfigNode node, Location at) {
        if (node instanceof ConfigScalar s) {
            return new ConfigScalar(s.value(), s.text(), at);
        }
        if (node instanceof ConfigList l) {
            return new ConfigList(l.items().stream().map(n -> relocate(n, at)).toList(), at);
        }
        ConfigMap m = (ConfigMap) node;
        ConfigMap out = ConfigMap.empty(at);
        for (var e : m.entries().entrySet()) {
            out = out.with(e.getKey(), at, relocate(e.getValue().value(), at));
        }
        return out;
    }
}
