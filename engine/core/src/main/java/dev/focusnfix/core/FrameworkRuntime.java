package dev.focusnfix.core;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.plugin.PluginHost;
import dev.focusnfix.core.services.FrameworkInfo;
import dev.focusnfix.core.services.FrameworkModule;
import dev.focusnfix.core.services.ProcessModelCache;
import dev.focusnfix.core.services.RunScope;
import java.nio.file.Path;

/**
 * The composition root: the Guice injector with the framework services, and the plugin host whose extensions it
 * creates. One per process; closing it stops the plugins and closes cached models.
 */
public final class FrameworkRuntime implements AutoCloseable {

    /** The environment variable that overrides the plugins folder. */
    public static final String PLUGINS_DIR_ENV = "FOCUSNFIX_PLUGINS_DIR";

    private final FrameworkInfo info;
    private final Injector injector;
    private final PluginHost host;
    private final ProcessModelCache cache;

    private FrameworkRuntime(FrameworkInfo info, Injector injector, PluginHost host, ProcessModelCache cache) {
        this.info = info;
        this.injector = injector;
        this.host = host;
        this.cache = cache;
    }

    /** Starts the framework with plugins from {@code pluginsDir}. */
    public static FrameworkRuntime start(FrameworkInfo info, Path pluginsDir, ProgressReporter progress) {
        ProcessModelCache cache = new ProcessModelCache();
        Injector injector = Guice.createInjector(new FrameworkModule(info, new RunScope(), progress, cache));
        PluginHost host = PluginHost.start(pluginsDir, info.version(), injector);
        return new FrameworkRuntime(info, injector, host, cache);
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

    /** Framework version and home. */
    public FrameworkInfo info() {
        return info;
    }

    /** The injector. */
    public Injector injector() {
        return injector;
    }

    /** The plugin host. */
    public PluginHost host() {
        return host;
    }

    @Override
    public void close() {
        cache.close();
        host.close();
    }
}
