package dev.focusnfix.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML into a {@link ConfigNode} tree that keeps every value's position. Only SnakeYAML's composer runs: no
 * object is ever constructed from the document (no global tags, no arbitrary classes), aliases are bounded, and
 * duplicate keys are errors that name both lines.
 */
public final class YamlLoader {

    /** Aliases to collections a document may use (SnakeYAML's own billion-laughs guard). */
    public static final int MAX_ALIASES = 50;
    /** The largest experiment document, in bytes and in code points. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;
    /** The deepest nesting of lists and maps. */
    public static final int MAX_NESTING = 50;
    /** The most values (maps, lists, scalars) a document may expand to, counting every alias expansion. */
    public static final int MAX_NODES = 100_000;
    /** The longest scalar value, in characters (a prompt is far shorter; prompt files take long lists). */
    public static final int MAX_SCALAR_CHARS = 64 * 1024;

    private YamlLoader() {}

    /** Parses a file; an empty file is an empty map. */
    public static ConfigMap load(Path file) {
        String text;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw new ConfigException(
                        new Location(file.getFileName().toString(), 0, 0),
                        null,
                        "the file has "
                                + Files.size(file) + " bytes, more than the limit of " + MAX_BYTES
                                + " for an experiment;"
                                + " put long prompt lists into a prompt file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, null, "experiment file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException(null, null, "cannot read " + file + ": " + e.getMessage(), e);
        }
        ConfigNode root = parse(text, file.getFileName().toString());
        if (root == null) {
            return ConfigMap.empty(new Location(file.getFileName().toString(), 1, 1));
        }
        if (!(root instanceof ConfigMap map)) {
            throw new ConfigException(
                    root.location(), null, "an experiment must be a map of keys to values, found " + root.describe());
        }
        return map;
    }

    /** Parses YAML text; {@code source} names it in locations. Returns null for an empty document. */
    public static ConfigNode parse(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_NESTING);
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(
                    new Location(source, 0, 0),
                    null,
                    "the document has " + text.length() + " characters, more than the limit of " + MAX_BYTES);
        }
        checkLineLengths(text, source);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node node;
        try (Reader reader = new StringReader(text)) {
            node = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(locate(source, mark), null, "YAML syntax error: " + describe(e), e);
        } catch (YAMLException | IOException e) {
            throw new ConfigException(new Location(source, 0, 0), null, "YAML error: " + limitMessage(e), e);
        }
        return node == null ? null : convert(node, source, "", new int[1]);
    }

    /**
     * Refuses a line longer than any value may be before SnakeYAML scans it: its scanner takes seconds over a
     * megabyte-long plain scalar.
     */
    private static void checkLineLengths(String text, String source) {
        int line = 1;
        for (int start = 0; start < text.length(); line++) {
            int end = text.indexOf('\n', start);
            int stop = end < 0 ? text.length() : end;
            if (stop - start > MAX_SCALAR_CHARS + 1024) {
                throw new ConfigException(
                        new Location(source, line, 1),
                        null,
                        "line " + line + " has "
                                + (stop - start) + " characters; a value may have at most " + MAX_SCALAR_CHARS
                                + " (put long text into a file)");
            }
            start = stop + 1;
        }
    }

    /** SnakeYAML's limit messages, said with the limit and what to do. */
    private static String limitMessage(Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Number of aliases")) {
            return "more than " + MAX_ALIASES + " aliases to lists or maps (an alias bomb?); write the values out";
        }
        if (m.contains("Nesting Depth")) {
            return "lists and maps nested deeper than " + MAX_NESTING + " levels";
        }
        if (m.contains("code points") || m.contains("exceeds the limit")) {
            return "the document is longer than the limit of " + MAX_BYTES + " characters";
        }
        return m;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext() + ", ";
        return (context + problem).trim();
    }

    private static Location locate(String source, Mark mark) {
        return mark == null
                ? new Location(source, 0, 0)
                : new Location(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static ConfigNode convert(Node node, String source, String path, int[] count) {
        Location at = locate(source, node.getStartMark());
        if (++count[0] > MAX_NODES) {
            // Aliases share nodes, so a small document can expand to billions of values: stop early.
            throw new ConfigException(
                    at,
                    path,
                    "the document expands to more than " + MAX_NODES
                            + " values (through aliases?); write the values out or shorten it");
        }
        if (node instanceof MappingNode mapping) {
            Map<String, ConfigMap.Entry> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Location keyAt = locate(source, keyNode.getStartMark());
                if (!(keyNode instanceof ScalarNode scalarKey)) {
                    throw new ConfigException(keyAt, path, "keys must be plain names, not a list or a map");
                }
                String key = scalarKey.getValue();
                String childPath = path.isEmpty() ? key : path + "." + key;
                ConfigMap.Entry previous = entries.get(key);
                if (previous != null) {
                    throw new ConfigException(
                            keyAt,
                            childPath,
                            "duplicate key (first written at line "
                                    + previous.keyLocation().line() + ")");
                }
                entries.put(key, new ConfigMap.Entry(keyAt, convert(tuple.getValueNode(), source, childPath, count)));
            }
            return new ConfigMap(entries, at);
        }
        if (node instanceof SequenceNode sequence) {
            List<ConfigNode> items = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                items.add(convert(sequence.getValue().get(i), source, path + "[" + i + "]", count));
            }
            return new ConfigList(items, at);
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getValue().length() > MAX_SCALAR_CHARS) {
            throw new ConfigException(
                    at,
                    path,
                    "a value of " + scalar.getValue().length() + " characters is longer" + " than the limit of "
                            + MAX_SCALAR_CHARS + "; put long text into a file");
        }
        return new ConfigScalar(resolve(scalar, at, path), scalar.getValue(), at);
    }

    /** Resolves a scalar by the core schema tag SnakeYAML's resolver assigned; quoted scalars stay strings. */
    private static Object resolve(ScalarNode scalar, Location at, String path) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            String lower = text.toLowerCase(Locale.ROOT);
            return lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("y");
        }
        if (Tag.INT.equals(tag)) {
            String digits = text.replace("_", "");
            try {
                if (digits.startsWith("0x") || digits.startsWith("-0x") || digits.startsWith("+0x")) {
                    return Long.decode(digits);
                }
                return Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
            } catch (NumberFormatException e) {
                return new java.math.BigInteger(digits).doubleValue();
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            String lower = text.replace("_", "").toLowerCase(Locale.ROOT);
            if (lower.endsWith(".inf")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (lower.equals(".nan")) {
                return Double.NaN;
            }
            return Double.parseDouble(lower);
        }
        if (Tag.STR.equals(tag)) {
            return text;
        }
        throw new ConfigException(at, path, "unsupported YAML tag " + tag.getValue() + "; write a plain value");
    }
}
