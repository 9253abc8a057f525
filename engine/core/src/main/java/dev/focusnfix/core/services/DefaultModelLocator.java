package dev.focusnfix.core.services;

import dev.focusnfix.api.services.ModelLocator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves {@code builtin:NAME} against the installation's models folder, other references against one experiment's
 * folder; one locator per experiment.
 */
public final class DefaultModelLocator implements ModelLocator {

    /** The prefix of references to models shipped with the framework. */
    public static final String BUILTIN = "builtin:";

    private final FrameworkInfo info;
    private final Path experimentDirectory;

    /** A locator for the experiment whose file lies in {@code experimentDirectory}. */
    public DefaultModelLocator(FrameworkInfo info, Path experimentDirectory) {
        this.info = info;
        this.experimentDirectory = experimentDirectory.toAbsolutePath();
    }

    @Override
    public Path resolve(String reference) {
        if (reference.startsWith(BUILTIN)) {
            String name = reference.substring(BUILTIN.length());
            Path models = info.modelsDir().orElseThrow(() -> new IllegalArgumentException(
                    "cannot resolve '" + reference + "': the framework's home folder is unknown (run it through "
                            + "the 'framework' launcher, or set -Dfocusnfix.home)"));
            Path path = models.resolve(name);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("no built-in model '" + name + "' in " + models);
            }
            return path;
        }
        Path path = experimentDirectory.resolve(reference).normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("model '" + reference + "' not found at " + path
                    + " (relative paths are resolved against the experiment file's folder)");
        }
        return path;
    }
}
