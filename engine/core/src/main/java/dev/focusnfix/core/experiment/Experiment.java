package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.ConfigNode;
import java.nio.file.Path;

/**
 * A parsed and bound experiment with the tree it came from (after overrides), for writing the resolved
 * {@code experiment.yaml} and hashing it.
 *
 * @param spec the bound experiment
 * @param tree the configuration tree after {@code --set} overrides
 * @param file the YAML file
 */
public record Experiment(ExperimentSpec spec, ConfigMap tree, Path file) {

    /** The run name. */
    public String name() {
        return spec.name().orElseGet(() -> {
            String f = file.getFileName().toString();
            int dot = f.lastIndexOf('.');
            return dot > 0 ? f.substring(0, dot) : f;
        });
    }

    /** The run folder: {@code <output>/<name>}. */
    public Path runDirectory() {
        return spec.output().resolve(name());
    }

    /** The folder relative paths resolve against. */
    public Path baseDirectory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
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
