package dev.focusnfix.core.config;

import java.util.List;

/**
 * A sequence.
 *
 * @param items the items
 * @param location where the sequence starts
 */
public record ConfigList(List<ConfigNode> items, Location location) implements ConfigNode {

    /** Copies the items. */
    public ConfigList {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
