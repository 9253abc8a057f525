package dev.focusnfix.core.services;

import dev.focusnfix.api.services.ModelLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves {@code builtin:NAME} against the installation's models folder, {@code backbone:} (optionally
 * {@code backbone:SUBPATH}) to the experiment's backbone model folder, other references against one experiment's
 * folder; one locator per experiment.
 */
public final class DefaultModelLocator implements ModelLocator {

    /** The prefix of references to models shipped with the framework. */
    public static final String BUILTIN = "builtin:";

    /** The prefix of references into the experiment's backbone folder. */
    public static final String BACKBONE = "backbone:";

    private final FrameworkInfo info;
    private final Path experimentDirectory;
    private final Optional<String> backboneModel;

    /** A locator for work outside an experiment: {@code backbone:} references are refused. */
    public DefaultModelLocator(FrameworkInfo info, Path experimentDirectory) {
        this(info, experimentDirectory, Optional.empty());
    }

    /**
     * A locator for the experiment whose file lies in {@code experimentDirectory} and whose {@code backbone.model}
     * is {@code backboneModel} (a reference itself, such as {@code builtin:toy-shapes} or a relative path).
     */
    public DefaultModelLocator(FrameworkInfo info, Path experimentDirectory, Optional<String> backboneModel) {
        this.info = info;
        this.experimentDirectory = experimentDirectory.toAbsolutePath();
        this.backboneModel = backboneModel;
    }

    @Override
    public Path resolve(String reference) {
        if (reference.startsWith(BACKBONE)) {
            String backbone = backboneModel
                    .filter(b -> !b.startsWith(BACKBONE))
                    .orElseThrow(() -> new IllegalArgumentException("cannot resolve '" + reference + "': there is no"
                            + " experiment backbone here; name the model folder itself"));
            String sub = reference.substring(BACKBONE.length());
            Path folder = resolve(backbone);
            if (sub.isEmpty()) {
                return folder;
            }
            Path path = folder.resolve(sub).normalize();
            if (!path.startsWith(folder) || !Files.exists(path)) {
                throw new IllegalArgumentException(
                        "'" + reference + "': no " + sub + " inside the backbone folder " + folder);
            }
            return path;
        }
        if (reference.startsWith(BUILTIN)) {
            String name = reference.substring(BUILTIN.length());
            Path models = info.modelsDir()
                    .orElseThrow(() -> new IllegalArgumentException("cannot resolve '" + reference
                            + "': the framework's home folder is unknown (run it through "
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
