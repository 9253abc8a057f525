package dev.focusnfix.core.config;

/**
 * A node of a parsed configuration tree that remembers where each value was written, so that binding errors can
 * name the file, line and column.
 */
public sealed interface ConfigNode permits ConfigMap, ConfigList, ConfigScalar {

    /** Where the node starts. */
    Location location();

    /** A short name of the node's kind for error messages ("a map", "a list", "a number"...). */
    String describe();
}
