package dev.focusnfix.core.plugin;

/**
 * A plugin, or one extension of it, that could not be loaded; reported once, while everything else still loads.
 *
 * @param source the plugin file, or the plugin id when the file is not known
 * @param reason why, in one sentence
 */
public record PluginProblem(String source, String reason) {

    @Override
    public String toString() {
        return source + ": " + reason;
    }
}
