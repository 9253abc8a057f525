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
 * Loads plugin jars (or zips) from one folder with PF4J and creates their extensions through the Guice injector, so
 * that extensions can {@code @Inject} framework services. A plugin that cannot be loaded, resolved, started or
 * instantiated is recorded as a {@link PluginProblem} and skipped; the others still load.
 */
public final class PluginHost implements AutoCloseable {

    /** The plugin id given to extensions found on the application class path. */
    public static final String BUILT_IN = "framework";

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDir;
    private final HostPluginManager pluginManager;
    private final List<PluginProblem> problems = new ArrayList<>();
    private final ExtensionRegistry registry = new ExtensionRegistry();

    private PluginHost(Path pluginsDir, String frameworkVersion, Injector injector) {
        this.pluginsDir = pluginsDir;
        this.pluginManager = new HostPluginManager(pluginsDir, injector, problems);
        this.pluginManager.setSystemVersion(frameworkVersion);
    }

    /**
     * Starts a host on a plugins folder: loads, resolves and starts the plugins, then instantiates every extension.
     * A missing folder simply has no plugins.
     *
     * @throws DuplicateExtensionException when two extensions of one kind share an id
     */
    public static PluginHost start(Path pluginsDir, String frameworkVersion, Injector injector) {
        PluginHost host = new PluginHost(pluginsDir, frameworkVersion, injector);
        host.load(injector);
        return host;
    }

    private void load(Injector injector) {
        if (Files.isDirectory(pluginsDir)) {
            pluginManager.loadPlugins();
            pluginManager.startPlugins();
        } else {
            LOG.debug("plugins folder {} does not exist: no plugins loaded", pluginsDir);
        }
        for (PluginWrapper plugin : pluginManager.getPlugins()) {
            if (plugin.getPluginState() != PluginState.STARTED) {
                problems.add(new PluginProblem(fileName(plugin), notStartedReason(plugin)));
            }
        }
        for (ExtensionKind kind : ExtensionKind.values()) {
            List<? extends Class<?>> classes = new ArrayList<>(pluginManager.getExtensionClasses(kind.type()));
            classes.sort(Comparator.comparing(Class::getName));
            for (Class<?> type : classes) {
                PluginWrapper plugin = pluginManager.whichPlugin(type);
                if (plugin != null && plugin.getPluginState() != PluginState.STARTED) {
                    continue;
                }
                Object instance;
                try {
                    instance = injector.getInstance(type);
                } catch (RuntimeException | LinkageError e) {
                    problems.add(new PluginProblem(plugin == null ? BUILT_IN : fileName(plugin),
                            "extension " + type.getName() + " failed to construct: " + rootMessage(e)));
                    continue;
                }
                registry.add(new RegisteredExtension(kind, (NamedExtension<?>) instance,
                        plugin == null ? BUILT_IN : plugin.getPluginId(),
                        plugin == null ? pluginManager.getSystemVersion() : plugin.getDescriptor().getVersion()));
            }
        }
        problems.forEach(p -> LOG.warn("plugin not loaded: {}", p));
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

    /** The folder plugins are loaded from. */
    public Path pluginsDirectory() {
        return pluginsDir;
    }

    @Override
    public void close() {
        pluginManager.stopPlugins();
        pluginManager.unloadPlugins();
    }

    private String notStartedReason(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        if (plugin.getPluginState() == PluginState.DISABLED && requires != null && !requires.isBlank()
                && !pluginManager.getVersionManager().checkVersionConstraint(
                        pluginManager.getSystemVersion(), requires)) {
            return "requires framework version " + requires + ", but this is " + pluginManager.getSystemVersion()
                    + "; upgrade the framework or use an older plugin";
        }
        Throwable failure = plugin.getFailedException();
        return "plugin " + plugin.getPluginId() + " is " + plugin.getPluginState().toString().toLowerCase()
                + (failure == null ? "" : ": " + rootMessage(failure));
    }

    private static String fileName(PluginWrapper plugin) {
        Path path = plugin.getPluginPath();
        return path == null ? plugin.getPluginId() : path.getFileName().toString();
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

        HostPluginManager(Path root, Injector injector, List<PluginProblem> problems) {
            super(List.of(root));
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
                    problems.add(new PluginProblem(path.getFileName().toString(),
                            "not a loadable plugin: " + rootMessage(e)));
                }
            }
            resolvePlugins();
        }
    }
}
