package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.Overrides;
import dev.focusnfix.core.config.YamlLoader;
import java.nio.file.Path;
import java.util.List;

/** Reads an experiment file, applies {@code --set} overrides and binds the framework's part of it. */
public final class ExperimentLoader {

    private ExperimentLoader() {}

    /** Loads {@code file} with overrides; plugin options stay unbound until validation. */
    public static Experiment load(Path file, List<String> overrides) {
        Path absolute = file.toAbsolutePath().normalize();
        return load(absolute, absolute.getParent(), overrides);
    }

    /**
     * Loads {@code file}, resolving relative paths against {@code baseDir} instead of the file's folder: a run
     * folder's resolved {@code experiment.yaml} still refers to paths relative to the original experiment file.
     */
    public static Experiment load(Path file, Path baseDir, List<String> overrides) {
        Path absolute = file.toAbsolutePath().normalize();
        return fromTree(Overrides.apply(YamlLoader.load(absolute), overrides), absolute, baseDir);
    }

    /** Binds an already parsed (and possibly edited) tree that came from {@code file}. */
    public static Experiment fromTree(ConfigMap tree, Path file, Path baseDir) {
        ExperimentSpec spec = binder(baseDir).bind(tree, ExperimentSpec.class, "");
        return new Experiment(spec, tree, file.toAbsolutePath().normalize(), baseDir);
    }

    /** A binder that knows the experiment's section types, resolving paths against {@code baseDir}. */
    public static OptionsBinder binder(Path baseDir) {
        return new OptionsBinder(baseDir)
                .register(ComponentSection.class, ComponentSection.converter())
                .register(BackboneSection.class, BackboneSection.converter())
                .register(PromptSource.class, PromptSource.converter())
                .register(DeviceSpec.class, DeviceSpec.converter());
    }
}
