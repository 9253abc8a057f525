package dev.focusnfix.core.config;

/**
 * A scalar: a string, a {@link Long}, a {@link Double}, a {@link Boolean} or null, as YAML's core schema resolved it,
 * with the text as written.
 *
 * @param value the resolved value
 * @param text the value as written
 * @param location where it was written
 */
public record ConfigScalar(Object value, String text, Location location) implements ConfigNode {

    @Override
    public String describe() {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean) {
            return "a boolean '" + text + "'";
        }
        if (value instanceof Number) {
            return "a number '" + text + "'";
        }
        return "the text '" + text + "'";
    }
}
