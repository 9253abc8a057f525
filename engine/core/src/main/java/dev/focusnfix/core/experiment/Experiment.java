package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.ConfigNode;
import dev.focusnfix.core.config.ConfigScalar;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A parsed and bound experiment with the tree it came from (after overrides), for writing the resolved
 * {@code experiment.yaml} and hashing it.
 *
 * @param spec the bound experiment
 * @param tree the configuration tree after {@code --set} overrides
 * @param file the YAML file
 * @param baseDirectory the folder relative paths resolve against (normally the file's folder)
 */
public record Experiment(ExperimentSpec spec, ConfigMap tree, Path file, Path baseDirectory) {

    /** The run name. */
    public String name() {
        return spec.name().orElseGet(() -> defaultName(file));
    }

    /**
     * The run folder: {@code <output>/<name>}, absolute and normalised; a name that would lead out of
     * {@code output} is refused ({@link RunFolderPolicy}).
     */
    public Path runDirectory() {
        ConfigNode at = node("name");
        return RunFolderPolicy.resolve(spec.output(), name(), at == null ? tree.location() : at.location());
    }

    /**
     * The name for a run folder: the configured name, or {@code file}'s name without extension (characters that
     * are not safe in a folder name become '_').
     */
    public static String defaultName(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return RunFolderPolicy.sanitize(dot > 0 ? f.substring(0, dot) : f);
    }

    /** The experiment's {@code backbone.model} reference as written, if it is a scalar. */
    public Optional<String> backboneModelReference() {
        return node("backbone.model") instanceof ConfigScalar scalar && scalar.value() instanceof String reference
                ? Optional.of(reference)
                : Optional.empty();
    }

    /** The configuration node at a dotted path, or null. */
    public ConfigNode node(String dottedPath) {
        ConfigNode node = tree;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof ConfigMap m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }
}
