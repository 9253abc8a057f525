package dev.focusnfix.core.plugin;

import com.google.inject.Injector;
import dev.focusnfix.api.NamedExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin jars (or zips) from one or more folders with PF4J and creates their extensions through the Guice injector, so
 * that extensions can {@code @Inject} framework services. A plugin that cannot be loaded, resolved, started or
 * instantiated is recorded as a {@link PluginProblem} and skipped; the others still load.
 */
public final class PluginHost implements AutoCloseable {

    /** The plugin id given to extensions found on the application class path. */
    public static final String BUILT_IN = "framework";

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final List<Path> pluginsDirs;
    private final HostPluginManager pluginManager;
    private final List<PluginProblem> problems = new ArrayList<>();
    private final ExtensionRegistry registry = new ExtensionRegistry();

    private PluginHost(List<Path> pluginsDirs, String frameworkVersion, Injector injector) {
        this.pluginsDirs = List.copyOf(pluginsDirs);
        this.pluginManager = new HostPluginManager(
                this.pluginsDirs.stream().filter(Files::isDirectory).toList(), injector, problems);
        this.pluginManager.setSystemVersion(frameworkVersion);
    }

    /**
     * Starts a host on a plugins folder: loads, resolves and starts the plugins, then instantiates every extension.
     * A missing folder simply has no plugins.
     *
     * @throws DuplicateExtensionException when two extensions of one kind share an id
     */
    public static PluginHost start(Path pluginsDir, String frameworkVersion, Injector injector) {
        return start(List.of(pluginsDir), frameworkVersion, injector);
    }

    /** Starts a host on several plugins folders (the built-in one and the user's); missing folders are skipped. */
    public static PluginHost start(List<Path> pluginsDirs, String frameworkVersion, Injector injector) {
        PluginHost host = new PluginHost(pluginsDirs, frameworkVersion, injector);
        host.load(injector);
        return host;
    }

    private void load(Injector injector) {
        if (pluginsDirs.stream().anyMatch(Files::isDirectory)) {
            pluginManager.loadPlugins();
            pluginManager.startPlugins();
        }
        pluginsDirs.stream()
                .filter(d -> !Files.isDirectory(d))
                .forEach(d -> LOG.debug("plugins folder {} does not exist: no plugins loaded from it", d));
        for (PluginWrapper plugin : pluginManager.getPlugins()) {
            if (plugin.getPluginState() != PluginState.STARTED) {
                problems.add(new PluginProblem(fileName(plugin), notStartedReason(plugin)));
            }
        }
        java.util.Set<String> unloadable = checkExtensionClasses();
        for (ExtensionKind kind : ExtensionKind.values()) {
            List<? extends Class<?>> classes;
            try {
                classes = new ArrayList<>(pluginManager.getExtensionClasses(kind.type()));
            } catch (RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(
                        BUILT_IN, "the " + kind.section() + " extensions cannot be listed: " + rootMessage(e)));
                continue;
            }
            classes.sort(Comparator.comparing(Class::getName));
            for (Class<?> type : classes) {
                PluginWrapper plugin = pluginManager.whichPlugin(type);
                if (plugin != null && plugin.getPluginState() != PluginState.STARTED
                        || unloadable.contains(type.getName())) {
                    continue;
                }
                String source = plugin == null ? BUILT_IN : fileName(plugin);
                Object instance;
                try {
                    instance = injector.getInstance(type);
                } catch (RuntimeException | LinkageError e) {
                    problems.add(new PluginProblem(
                            source, "extension " + type.getName() + " failed to construct: " + rootMessage(e)));
                    continue;
                }
                String metadataProblem = metadataProblem((NamedExtension<?>) instance);
                if (metadataProblem != null) {
                    problems.add(
                            new PluginProblem(source, "extension " + type.getName() + " skipped: " + metadataProblem));
                    continue;
                }
                DuplicateExtensionException conflict = registry.register(
                        new RegisteredExtension(
                                kind,
                                (NamedExtension<?>) instance,
                                plugin == null ? BUILT_IN : plugin.getPluginId(),
                                plugin == null
                                        ? pluginManager.getSystemVersion()
                                        : plugin.getDescriptor().getVersion()),
                        source);
                if (conflict != null) {
                    problems.removeIf(p -> p.reason()
                            .startsWith(
                                    kind.section() + " id '" + ((NamedExtension<?>) instance).id() + "' is claimed"));
                    problems.add(new PluginProblem(
                            source, conflict.getMessage() + " (only experiments that use this id fail)"));
                }
            }
        }
        problems.forEach(p -> LOG.warn("plugin not loaded: {}", p));
    }

    /**
     * Why an extension's metadata cannot be used (its id or options type is missing, malformed or throws), or null
     * when it is fine. Checked once here, so that no command trips over it later.
     */
    private static String metadataProblem(NamedExtension<?> extension) {
        String id;
        try {
            id = extension.id();
        } catch (RuntimeException | LinkageError e) {
            return "its id() throws " + rootMessage(e);
        }
        try {
            ExtensionRegistry.checkId(id, extension.getClass());
        } catch (IllegalArgumentException e) {
            return id == null
                    ? "its id() returns null"
                    : "its id '" + id + "' is not lower-case words joined by " + "dashes ("
                            + ExtensionRegistry.ID_PATTERN + ", e.g. 'focus-n-fix')";
        }
        try {
            if (extension.optionsType() == null) {
                return "its optionsType() returns null";
            }
            if (!extension.optionsType().isRecord()) {
                return "its optionsType() " + extension.optionsType().getName() + " is not a record";
            }
        } catch (RuntimeException | LinkageError e) {
            return "its optionsType() throws " + rootMessage(e);
        }
        return null;
    }

    /**
     * Loads (without initialising) every extension class that a started plugin lists, so that a class that cannot be
     * loaded is reported once, by file, instead of by PF4J's finder with a stack trace; returns their names.
     */
    private java.util.Set<String> checkExtensionClasses() {
        java.util.Set<String> unloadable = new java.util.HashSet<>();
        for (PluginWrapper plugin : pluginManager.getStartedPlugins()) {
            java.util.Set<String> names;
            try {
                names = new java.util.TreeSet<>(pluginManager.getExtensionClassNames(plugin.getPluginId()));
            } catch (RuntimeException | LinkageError e) {
                problems.add(
                        new PluginProblem(fileName(plugin), "its extension index cannot be read: " + rootMessage(e)));
                continue;
            }
            for (String name : names) {
                try {
                    Class.forName(name, false, plugin.getPluginClassLoader());
                } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                    unloadable.add(name);
                    problems.add(new PluginProblem(
                            fileName(plugin), "extension class " + name + " cannot be loaded: " + rootMessage(e)));
                }
            }
        }
        return unloadable;
    }

    /** The extensions that loaded. */
    public ExtensionRegistry registry() {
        return registry;
    }

    /** The plugins that did not load, each reported once. */
    public List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /** The plugins that started. */
    public List<PluginWrapper> startedPlugins() {
        return pluginManager.getStartedPlugins();
    }

    /** The first folder plugins are loaded from. */
    public Path pluginsDirectory() {
        return pluginsDirs.get(0);
    }

    /** Every folder plugins are loaded from, in order. */
    public List<Path> pluginsDirectories() {
        return pluginsDirs;
    }

    @Override
    public void close() {
        pluginManager.stopPlugins();
        pluginManager.unloadPlugins();
    }

    private String notStartedReason(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        if (plugin.getPluginState() == PluginState.DISABLED
                && requires != null
                && !requires.isBlank()
                && !pluginManager
                        .getVersionManager()
                        .checkVersionConstraint(pluginManager.getSystemVersion(), requires)) {
            return "requires framework version " + requires + ", but this is " + pluginManager.getSystemVersion()
                    + "; upgrade the framework or use an older plugin";
        }
        Throwable failure = plugin.getFailedException();
        return "plugin " + plugin.getPluginId() + " is "
                + plugin.getPluginState().toString().toLowerCase()
                + (failure == null ? "" : ": " + rootMessage(failure));
    }

    private static String fileName(PluginWrapper plugin) {
        Path path = plugin.getPluginPath();
        return path == null ? plugin.getPluginId() : path.getFileName().toString();
    }

    /** Why a file in the plugins folder is no plugin, as precisely as its bytes tell. */
    static String notLoadableReason(Path path, Throwable failure) {
        if (Files.isRegularFile(path)) {
            try {
                if (Files.size(path) == 0) {
                    return "not a loadable plugin: the file is empty (a plugin is a jar with a PF4J descriptor)";
                }
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path.toFile())) {
                    java.util.zip.ZipEntry manifest = zip.getEntry("META-INF/MANIFEST.MF");
                    boolean described = zip.getEntry("plugin.properties") != null;
                    if (manifest != null && !described) {
                        try (java.io.InputStream in = zip.getInputStream(manifest)) {
                            described = new java.util.jar.Manifest(in)
                                            .getMainAttributes()
                                            .getValue("Plugin-Id")
                                    != null;
                        }
                    }
                    if (!described) {
                        return "not a loadable plugin: the jar has no plugin descriptor (Plugin-Id in "
                                + "META-INF/MANIFEST.MF, or plugin.properties); is it a plugin?";
                    }
                } catch (java.util.zip.ZipException e) {
                    return "not a loadable plugin: the file is not a jar (zip) archive, or it is corrupt or "
                            + "truncated (" + e.getMessage() + ")";
                }
            } catch (java.io.IOException | RuntimeException e) {
                return "not a loadable plugin: cannot read it (" + rootMessage(e) + ")";
            }
        }
        return "not a loadable plugin: " + rootMessage(failure);
    }

    /** The most specific message in a cause chain, with the exception type when it adds information. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        String best = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return best == null ? e.getClass().getName() : firstLine(best);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** PF4J's manager with Guice-created extensions and per-plugin failure capture instead of log-and-forget. */
    private static final class HostPluginManager extends DefaultPluginManager {

        private final Injector injector;
        private final List<PluginProblem> problems;

        HostPluginManager(List<Path> roots, Injector injector, List<PluginProblem> problems) {
            super(roots);
            this.injector = injector;
            this.problems = problems;
        }

        @Override
        protected ExtensionFactory createExtensionFactory() {
            return new ExtensionFactory() {
                @Override
                public <T> T create(Class<T> extensionClass) {
                    return injector.getInstance(extensionClass);
                }
            };
        }

        @Override
        public void loadPlugins() {
            for (Path path : pluginRepository.getPluginPaths()) {
                try {
                    loadPluginFromPath(path);
                } catch (RuntimeException | LinkageError e) {
                    problems.add(new PluginProblem(path.getFileName().toString(), notLoadableReason(path, e)));
                }
            }
            resolvePlugins();
        }
    }
}
