package dev.focusnfix.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.experiment.ComputeTarget;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentValidator;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.plugin.PluginHost;
import dev.focusnfix.core.run.ExperimentRunner;
import dev.focusnfix.core.run.RunContext;
import dev.focusnfix.core.run.RunOptions;
import dev.focusnfix.core.services.DefaultModelLocator;
import dev.focusnfix.core.services.FrameworkInfo;
import dev.focusnfix.core.services.FrameworkModule;
import dev.focusnfix.core.services.RunOutputFolders;
import java.nio.file.Path;
import java.util.List;

/**
 * The composition root: the plugin host (whose extensions Guice creates, with the process-wide services), and the
 * two entry points every command goes through: {@link #validate} checks an experiment completely (plugins, options,
 * model paths, device and data type, resolved once) and {@link #open} opens a run of a validated experiment with
 * its own immutable context. One per process; closing it stops the plugins.
 */
public final class FrameworkRuntime implements AutoCloseable {

    /** The environment variable that overrides the plugins folder. */
    public static final String PLUGINS_DIR_ENV = "FOCUSNFIX_PLUGINS_DIR";

    private final FrameworkInfo info;
    private final PluginHost host;
    private final ProgressReporter progress;
    private final List<Path> pluginsDirs;

    private FrameworkRuntime(FrameworkInfo info, PluginHost host, ProgressReporter progress, List<Path> pluginsDirs) {
        this.info = info;
        this.host = host;
        this.progress = progress;
        this.pluginsDirs = pluginsDirs;
    }

    /** Starts the framework with plugins from {@code pluginsDir}. */
    public static FrameworkRuntime start(FrameworkInfo info, Path pluginsDir, ProgressReporter progress) {
        return start(info, List.of(pluginsDir), progress);
    }

    /** Starts the framework with plugins from several folders (missing ones are skipped). */
    public static FrameworkRuntime start(FrameworkInfo info, List<Path> pluginsDirs, ProgressReporter progress) {
        Injector injector = Guice.createInjector(new FrameworkModule(info, progress));
        PluginHost host = PluginHost.start(pluginsDirs, info.version(), injector);
        return new FrameworkRuntime(
                info,
                host,
                progress,
                pluginsDirs.stream().map(Path::toAbsolutePath).toList());
    }

    /**
     * The plugins folders: {@code only} when given (replacing the built-in plugins), else the built-in folder
     * ({@code $FOCUSNFIX_PLUGINS_DIR}, else the installation's {@code plugins/}, else {@code ./plugins}) followed by
     * the {@code added} folders.
     */
    public static List<Path> pluginsDirectories(List<Path> added, List<Path> only, FrameworkInfo info) {
        if (!only.isEmpty()) {
            return List.copyOf(only);
        }
        List<Path> dirs = new java.util.ArrayList<>();
        dirs.add(pluginsDirectory(null, info));
        for (Path p : added) {
            if (dirs.stream().noneMatch(d -> d.toAbsolutePath()
                    .normalize()
                    .equals(p.toAbsolutePath().normalize()))) {
                dirs.add(p);
            }
        }
        return List.copyOf(dirs);
    }

    /**
     * The plugins folder: the explicit choice if given, else {@code $FOCUSNFIX_PLUGINS_DIR}, else the installation's
     * {@code plugins/}, else {@code ./plugins}.
     */
    public static Path pluginsDirectory(Path explicit, FrameworkInfo info) {
        if (explicit != null) {
            return explicit;
        }
        String env = System.getenv(PLUGINS_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return info.defaultPluginsDir().orElse(Path.of("plugins"));
    }

    /**
     * Loads an experiment file with {@code --set} overrides and {@linkplain #validate(Experiment) validates} it.
     * When the framework's part of the file does not bind, the plugin sections are still checked, so that one pass
     * reports every problem.
     */
    public ValidatedExperiment validate(Path file, List<String> overrides) {
        Path absolute = file.toAbsolutePath().normalize();
        return validator().validate(absolute, overrides);
    }

    /**
     * Validates an experiment against the installed plugins without loading any model; its device and data type
     * are resolved here, once, and every run opened from the result uses them.
     *
     * @throws dev.focusnfix.core.config.ConfigException naming the place in the file of the first problem
     */
    public ValidatedExperiment validate(Experiment experiment) {
        return validator().validate(experiment);
    }

    private ExperimentValidator validator() {
        return ExperimentValidator.withLocators(
                host.registry(), e -> models(e), () -> Engine.getInstance().getGpuCount());
    }

    /** Opens a run of a validated experiment: its context is made from the experiment and {@code options} alone. */
    public ExperimentRunner open(ValidatedExperiment validated, RunOptions options) {
        Path runDir = options.runDirectory()
                .orElse(validated.experiment().runDirectory())
                .toAbsolutePath();
        return new ExperimentRunner(
                validated,
                options,
                runDir,
                models(validated.experiment()),
                new RunOutputFolders(runDir),
                progress,
                pluginsDirs);
    }

    /**
     * A context for work outside an experiment ({@code generate}, benchmarks): {@code compute} must come from
     * {@link ComputeTarget#resolve}; model references resolve against {@code workingDirectory}, outputs go to
     * {@code outputDirectory}.
     */
    public RunContext context(
            ComputeTarget compute, Path workingDirectory, Path outputDirectory, NDManager manager, long seed) {
        return new RunContext(
                compute, manager, models(workingDirectory), new RunOutputFolders(outputDirectory), progress, seed);
    }

    /** The model locator for work outside an experiment, relative to {@code experimentDirectory}. */
    public ModelLocator models(Path experimentDirectory) {
        return new DefaultModelLocator(info, experimentDirectory);
    }

    /** The model locator of an experiment: relative to its file, {@code backbone:} naming its backbone folder. */
    public ModelLocator models(Experiment experiment) {
        return new DefaultModelLocator(info, experiment.baseDirectory(), experiment.backboneModelReference());
    }

    /** Framework version and home. */
    public FrameworkInfo info() {
        return info;
    }

    /** The folders the plugins were loaded from, absolute. */
    public List<Path> pluginsDirectories() {
        return pluginsDirs;
    }

    /** The plugin host. */
    public PluginHost host() {
        return host;
    }

    /** The progress reporter of this process. */
    public ProgressReporter progress() {
        return progress;
    }

    @Override
    public void close() {
        host.close();
    }
}
