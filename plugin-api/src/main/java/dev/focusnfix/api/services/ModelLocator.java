package dev.focusnfix.api.services;

import dev.focusnfix.api.Stable;
import java.nio.file.Path;

/**
 * Resolves the model references an experiment names: {@code builtin:NAME} (models shipped with the framework),
 * {@code backbone:} or {@code backbone:SUBPATH} (the experiment's backbone model folder, for components that ship
 * inside it such as Stable Diffusion's {@code safety_checker/}), absolute paths, and paths relative to the experiment
 * file.
 */
@Stable(since = "0.1.0")
public interface ModelLocator {

    /**
     * The folder or file a reference names.
     *
     * @throws IllegalArgumentException naming the reference and the places looked at, when it does not exist
     */
    Path resolve(String reference);
}
