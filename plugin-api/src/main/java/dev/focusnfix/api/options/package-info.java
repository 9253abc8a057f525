/**
 * How extensions declare their options. An options type is a Java record; the framework binds the YAML section of
 * the extension to it by component name, converting scalars, lists, maps, enums (case-insensitive), nested records,
 * {@link java.util.Optional} and {@link java.nio.file.Path} (resolved against the YAML file's folder). Defaults come
 * from {@link dev.focusnfix.api.options.DefaultValue}, bounds from {@link dev.focusnfix.api.options.Range}; any
 * further check belongs in the record's compact constructor, whose {@link IllegalArgumentException} message the
 * framework reports with the file, line and key path. {@link dev.focusnfix.api.options.Flatten} embeds a shared
 * record's options flat beside the others.
 */
package dev.focusnfix.api.options;
