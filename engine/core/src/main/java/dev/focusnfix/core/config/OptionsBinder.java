package dev.focusnfix.core.config;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Flatten;
import dev.focusnfix.api.options.Range;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a {@link ConfigNode} tree to Java types: records (by component name; {@code batch_size} and
 * {@code batch-size} also match {@code batchSize}), enums, numbers, booleans, strings, paths, lists, maps and
 * optionals. Every error names the position, the dotted key path, what was found and what was expected; unknown keys
 * and enum values come with the nearest valid names. A record component marked {@link Flatten} takes its own
 * components' keys from the enclosing map (they are written flat, beside the enclosing record's keys).
 */
public final class OptionsBinder {

    /** Converts a node to a custom type; receives the binder so that it can bind its parts. */
    @FunctionalInterface
    public interface Converter<T> {
        /** Converts {@code node} found at {@code path}. */
        T convert(ConfigNode node, String path, OptionsBinder binder);
    }

    /** Thrown up from a record whose problems are already collected: its parent records a placeholder. */
    private static final class AlreadyCollected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyCollected() {
            super(null, null, false, false);
        }
    }

    private final Path baseDir;
    private final Map<Class<?>, Converter<?>> converters = new HashMap<>();
    /** The problems of the outermost {@link #bind} in progress; null outside one. */
    private List<ConfigException> collected;
    /** Key names also valid at the outermost record (bound elsewhere), for "did you mean" hints. */
    private java.util.Collection<String> outerKeys = List.of();

    private String outerPath;

    /** A binder resolving relative paths against {@code baseDir} (the YAML file's folder). */
    public OptionsBinder(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** Registers a converter for a type the generic rules do not cover. */
    public <T> OptionsBinder register(Class<T> type, Converter<T> converter) {
        converters.put(type, converter);
        return this;
    }

    /** The folder relative paths resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /**
     * Binds {@code node} to {@code type}; {@code path} names it in errors. Every problem is collected (a record's
     * other keys are still bound after one fails) and thrown together, sorted by position ({@link ConfigErrors}).
     */
    @SuppressWarnings("unchecked")
    public <T> T bind(ConfigNode node, Class<T> type, String path) {
        if (collected != null) {
            return (T) bindType(node, type, path); // nested, from a converter: the outer bind reports
        }
        collected = new ArrayList<>();
        try {
            Object result = bindType(node, type, path);
            if (!collected.isEmpty()) {
                throw ConfigErrors.of(collected);
            }
            return (T) result;
        } catch (AlreadyCollected e) {
            throw ConfigErrors.of(collected);
        } catch (ConfigException e) {
            collected.addAll(ConfigErrors.each(e));
            throw ConfigErrors.of(collected);
        } finally {
            collected = null;
            outerKeys = List.of();
            outerPath = null;
        }
    }

    /**
     * Binds a plugin's options written beside keys the framework binds itself ({@code alsoValid}, e.g. a backbone's
     * {@code steps}): a misspelt key is matched against both for its "did you mean" hint.
     */
    public <T> T bindBeside(ConfigNode node, Class<T> type, String path, java.util.Collection<String> alsoValid) {
        if (collected == null) {
            outerKeys = List.copyOf(alsoValid);
            outerPath = path;
        }
        return bind(node, type, path);
    }

    /** Records a problem while collecting, else throws it. */
    private void problem(ConfigException e) {
        if (collected == null) {
            throw e;
        }
        collected.add(e);
    }

    private static Object placeholder(Class<?> raw) {
        if (raw == Optional.class) {
            return Optional.empty();
        }
        if (raw == boolean.class) {
            return false;
        }
        if (raw == char.class) {
            return '\0';
        }
        if (raw.isPrimitive()) {
            return raw == long.class
                    ? (Object) 0L
                    : raw == double.class
                            ? (Object) 0d
                            : raw == float.class
                                    ? (Object) 0f
                                    : raw == short.class
                                            ? (Object) (short) 0
                                            : raw == byte.class ? (Object) (byte) 0 : (Object) 0;
        }
        return null;
    }

    /** Binds {@code node} to a possibly generic type. */
    public Object bindType(ConfigNode node, Type type, String path) {
        Class<?> raw = rawClass(type);
        Converter<?> converter = converters.get(raw);
        if (converter != null) {
            return converter.convert(node, path, this);
        }
        if (raw == Optional.class) {
            if (node == null || isNull(node)) {
                return Optional.empty();
            }
            return Optional.of(bindType(node, typeArgument(type, 0, path), path));
        }
        if (raw == ConfigNode.class) {
            return node;
        }
        if (raw == ConfigMap.class) {
            return expectMap(node, path);
        }
        if (node instanceof ConfigScalar s && s.value() == null) {
            if (raw.isPrimitive()) {
                throw new ConfigException(node.location(), path, "expected " + expected(raw) + ", got null");
            }
            return null;
        }
        if (raw.isRecord()) {
            return bindRecord(expectMap(node, path), raw, path);
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!(node instanceof ConfigList list)) {
                throw new ConfigException(node.location(), path, "expected a list, got " + node.describe());
            }
            Type item = typeArgument(type, 0, path);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                out.add(bindType(list.items().get(i), item, path + "[" + i + "]"));
            }
            return List.copyOf(out);
        }
        if (Map.class.isAssignableFrom(raw)) {
            ConfigMap map = expectMap(node, path);
            Type value = typeArgument(type, 1, path);
            Map<String, Object> out = new LinkedHashMap<>();
            map.entries().forEach((k, e) -> out.put(k, bindType(e.value(), value, join(path, k))));
            return java.util.Collections.unmodifiableMap(out);
        }
        return bindScalar(expectScalar(node, raw, path), raw, path);
    }

    private Object bindScalar(ConfigScalar scalar, Class<?> raw, String path) {
        Object v = scalar.value();
        Location at = scalar.location();
        if (raw == String.class) {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                return scalar.text();
            }
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (v instanceof Boolean b) {
                return b;
            }
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            if (v instanceof Long l) {
                boolean isInt = raw == int.class || raw == Integer.class;
                if (isInt && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
                    throw new ConfigException(at, path, "value " + l + " is out of range for an integer");
                }
                return isInt ? (Object) l.intValue() : (Object) l;
            }
            if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 9e15) {
                return raw == int.class || raw == Integer.class
                        ? (Object) (int) (double) d
                        : (Object) (long) (double) d;
            }
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            if (v instanceof Number n) {
                boolean isFloat = raw == float.class || raw == Float.class;
                double d = n.doubleValue();
                if (!Double.isFinite(d) || isFloat && !Float.isFinite(n.floatValue())) {
                    // NaN or infinity would flow silently into the sampling or training maths.
                    throw new ConfigException(
                            at,
                            path,
                            "expected a finite number, got " + scalar.describe()
                                    + (Double.isFinite(d) ? " (too large for a float)" : ""));
                }
                return isFloat ? (Object) n.floatValue() : (Object) d;
            }
        } else if (raw == Path.class) {
            if (v instanceof String s) {
                return baseDir.resolve(s).normalize();
            }
        } else if (raw.isEnum()) {
            return bindEnum(scalar, raw, path);
        } else {
            throw new IllegalStateException("no binding rule for " + raw.getName() + " at " + path);
        }
        throw new ConfigException(at, path, "expected " + expected(raw) + ", got " + scalar.describe());
    }

    private Object bindEnum(ConfigScalar scalar, Class<?> raw, String path) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Object constant : raw.getEnumConstants()) {
            byName.put(enumName(((Enum<?>) constant).name()), constant);
        }
        String given = scalar.text().toLowerCase(Locale.ROOT).replace('_', '-');
        Object found = byName.get(given);
        if (found == null) {
            throw new ConfigException(
                    scalar.location(),
                    path,
                    "unknown value '" + scalar.text() + "': " + Suggestions.hint(scalar.text(), byName.keySet()));
        }
        return found;
    }

    /** The YAML spelling of an enum constant: {@code INVERSE_SQRT} is written {@code inverse-sqrt}. */
    public static String enumName(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Object bindRecord(ConfigMap map, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Integer> owners = keyOwners(type);
        Map<String, String> componentToKey = new HashMap<>();
        List<Map<String, ConfigMap.Entry>> flattened = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            flattened.add(new LinkedHashMap<>());
        }
        boolean failed = false;
        for (Map.Entry<String, ConfigMap.Entry> e : map.entries().entrySet()) {
            String component = componentFor(e.getKey(), owners.keySet());
            if (component == null) {
                java.util.Set<String> valid = new java.util.LinkedHashSet<>(owners.keySet());
                if (path.equals(outerPath)) {
                    valid.addAll(outerKeys);
                }
                problem(new ConfigException(
                        e.getValue().keyLocation(),
                        join(path, e.getKey()),
                        "unknown key; " + Suggestions.hint(e.getKey(), valid)));
                failed = true;
                continue;
            }
            String clash = componentToKey.put(component, e.getKey());
            if (clash != null) {
                problem(new ConfigException(
                        e.getValue().keyLocation(),
                        join(path, e.getKey()),
                        "same option as '" + clash + "'; write it once"));
                failed = true;
                continue;
            }
            int owner = owners.get(component);
            if (isFlattened(components[owner])) {
                flattened.get(owner).put(e.getKey(), e.getValue());
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            try {
                args[i] = bindComponent(map, c, flattened.get(i), componentToKey, path);
            } catch (AlreadyCollected e) {
                failed = true;
                args[i] = placeholder(c.getType());
            } catch (ConfigException e) {
                if (collected == null) {
                    throw e;
                }
                collected.addAll(ConfigErrors.each(e));
                failed = true;
                args[i] = placeholder(c.getType());
            }
        }
        if (failed) {
            throw new AlreadyCollected(); // the record cannot be built from placeholders; the parent goes on
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw ce;
            }
            if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                throw new ConfigException(map.location(), path, String.valueOf(cause.getMessage()), cause);
            }
            throw new IllegalStateException("options type " + type.getName() + " failed to build", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("options type " + type.getName() + " cannot be built", e);
        }
    }

    private Object bindComponent(
            ConfigMap map,
            RecordComponent c,
            Map<String, ConfigMap.Entry> flat,
            Map<String, String> componentToKey,
            String path) {
        if (isFlattened(c)) {
            // The embedded record's keys sit beside ours: bind them as its map, under our own path.
            return bindRecord(new ConfigMap(flat, map.location()), c.getType(), path);
        }
        String key = componentToKey.get(c.getName());
        String childPath = join(path, key != null ? key : c.getName());
        ConfigNode value = key != null ? map.get(key) : defaultNode(c, map.location(), childPath);
        if (value == null) {
            Class<?> raw = c.getType();
            if (raw == Optional.class) {
                return Optional.empty();
            } else if (List.class.isAssignableFrom(raw)) {
                return List.of();
            } else if (Map.class.isAssignableFrom(raw)) {
                return Map.of();
            } else if (converters.containsKey(raw) && raw != Path.class) {
                return null;
            }
            throw new ConfigException(map.location(), childPath, "missing required value (" + expected(raw) + ")");
        }
        Object bound = bindType(value, c.getGenericType(), childPath);
        checkRange(c, bound, value, childPath);
        return bound;
    }

    /**
     * The option names a record's map may hold, each with the index of the component that takes it: a component's
     * own name, or for a {@link Flatten} component every option name of its record.
     */
    private static Map<String, Integer> keyOwners(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Integer> owners = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            List<String> names = isFlattened(components[i])
                    ? optionNames(components[i].getType())
                    : List.of(components[i].getName());
            for (String name : names) {
                Integer previous = owners.put(name, i);
                if (previous != null) {
                    throw new IllegalStateException("options type " + type.getName() + " has the option '" + name
                            + "' twice (through @Flatten "
                            + components[isFlattened(components[i]) ? i : previous].getName()
                            + "); rename one of them");
                }
            }
        }
        return owners;
    }

    private static boolean isFlattened(RecordComponent component) {
        if (component.getAnnotation(Flatten.class) == null) {
            return false;
        }
        if (!component.getType().isRecord()) {
            throw new IllegalStateException(
                    "@Flatten on " + component.getDeclaringRecord().getName() + "."
                            + component.getName() + ": only a record component can be flattened, not a "
                            + component.getType().getName());
        }
        return true;
    }

    private ConfigNode defaultNode(RecordComponent component, Location parent, String path) {
        DefaultValue d = component.getAnnotation(DefaultValue.class);
        if (d == null) {
            return null;
        }
        ConfigNode parsed = YamlLoader.parse(d.value(), "default of " + path);
        return parsed == null ? new ConfigScalar(null, "null", parent) : parsed;
    }

    private static void checkRange(RecordComponent component, Object value, ConfigNode node, String path) {
        Range range = component.getAnnotation(Range.class);
        if (range == null || !(value instanceof Number n)) {
            return;
        }
        double v = n.doubleValue();
        if (!(v >= range.min() && v <= range.max())) {
            throw new ConfigException(
                    node.location(),
                    path,
                    "value " + value + " is outside [" + fmt(range.min()) + ", " + fmt(range.max()) + "]");
        }
    }

    private static String fmt(double bound) {
        if (Double.isInfinite(bound)) {
            return bound < 0 ? "-inf" : "inf";
        }
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }

    /** Matches a YAML key to a component name: exactly, or written in snake_case or kebab-case. */
    private static String componentFor(String key, Set<String> components) {
        if (components.contains(key)) {
            return key;
        }
        String camel = toCamel(key);
        return components.contains(camel) ? camel : null;
    }

    private static String toCamel(String key) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char ch : key.toCharArray()) {
            if (ch == '_' || ch == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return sb.toString();
    }

    private ConfigMap expectMap(ConfigNode node, String path) {
        if (node instanceof ConfigMap map) {
            return map;
        }
        throw new ConfigException(node.location(), path, "expected a map of keys to values, got " + node.describe());
    }

    private static ConfigScalar expectScalar(ConfigNode node, Class<?> raw, String path) {
        if (node instanceof ConfigScalar s) {
            return s;
        }
        throw new ConfigException(node.location(), path, "expected " + expected(raw) + ", got " + node.describe());
    }

    private static boolean isNull(ConfigNode node) {
        return node instanceof ConfigScalar s && s.value() == null;
    }

    /** Describes what a type expects, for error messages. */
    static String expected(Class<?> raw) {
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "a whole number";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a text value";
        }
        if (raw == Path.class) {
            return "a path";
        }
        if (raw.isEnum()) {
            return "one of "
                    + Arrays.stream(raw.getEnumConstants())
                            .map(c -> enumName(((Enum<?>) c).name()))
                            .collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(raw)) {
            return "a list";
        }
        if (raw.isRecord() || Map.class.isAssignableFrom(raw)) {
            return "a map";
        }
        return raw.getSimpleName();
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported option type " + type);
    }

    private static Type typeArgument(Type type, int index, String path) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw generic type at " + path + ": declare its type arguments");
    }

    /** Joins a parent path and a key. */
    public static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    /**
     * Lists a record type's option names in YAML order, for help output: the components of a {@link Flatten}
     * component in its place.
     */
    public static List<String> optionNames(Class<?> recordType) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : recordType.getRecordComponents()) {
            if (isFlattened(c)) {
                names.addAll(optionNames(c.getType()));
            } else {
                names.add(c.getName());
            }
        }
        return List.copyOf(names);
    }
}
