package dev.focusnfix.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.NamedExtension;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.RegisteredExtension;
import dev.focusnfix.core.services.FrameworkInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A freshly started host whose plugins folder holds only the plugin jar Maven packaged, as a user would install it.
 * For a plugin module's integration test: failsafe passes the jar's path in the {@value #JAR_PROPERTY} system
 * property. Starting it checks that the jar exists, that the plugin's classes are not on the test class path (else
 * the test would not prove that the host loads them from the jar), and that the host reports no problems.
 */
public final class PluginJarHost implements AutoCloseable {

    /** The system property naming the packaged plugin jar. */
    public static final String JAR_PROPERTY = "plugin.jar";

    private final Path baseDir;
    private final FrameworkRuntime runtime;

    private PluginJarHost(Path baseDir, FrameworkRuntime runtime) {
        this.baseDir = baseDir;
        this.runtime = runtime;
    }

    /**
     * Copies the packaged jar into {@code baseDir/plugins} and starts a runtime on that folder.
     *
     * @param baseDir a folder the test owns; relative paths in bound options resolve against it
     * @param pluginClass a class of the plugin that must be reachable only through the jar
     */
    public static PluginJarHost start(Path baseDir, String pluginClass) throws IOException {
        Path jar = Path.of(Objects.requireNonNull(
                System.getProperty(JAR_PROPERTY),
                "system property " + JAR_PROPERTY + " must name the packaged plugin jar (set by failsafe)"));
        assertTrue(Files.isRegularFile(jar), "the packaged plugin jar must exist: " + jar);
        assertThrows(
                ClassNotFoundException.class,
                () -> Class.forName(pluginClass),
                "the plugin's classes must not be on the test class path, or this test proves nothing");
        Path pluginsDir = Files.createDirectories(baseDir.resolve("plugins"));
        Files.copy(jar, pluginsDir.resolve(jar.getFileName()));

        FrameworkRuntime runtime = FrameworkRuntime.start(
                new FrameworkInfo("0.1.0", Optional.empty()), pluginsDir, ProgressReporter.silent());
        try {
            assertEquals(List.of(), runtime.host().problems());
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
        return new PluginJarHost(baseDir, runtime);
    }

    /** The running framework. */
    public FrameworkRuntime runtime() {
        return runtime;
    }

    /**
     * The registered extension of {@code kind} with {@code id}, checking that the plugin {@code pluginId} provides it.
     *
     * @param <E> the extension type the caller works with (the options type is usually {@code Object})
     */
    @SuppressWarnings("unchecked")
    public <E extends NamedExtension<?>> E extension(ExtensionKind kind, String id, String pluginId) {
        RegisteredExtension found = runtime.host()
                .registry()
                .find(kind, id)
                .orElseThrow(() -> new AssertionError(id + " " + kind.section() + " not registered"));
        assertEquals(pluginId, found.pluginId());
        return (E) found.extension();
    }

    /** Binds YAML text to the extension's options type, as the experiment's section of {@code kind} would be. */
    public <O> O bindOptions(NamedExtension<O> extension, ExtensionKind kind, String yaml) {
        return new OptionsBinder(baseDir)
                .bind(YamlLoader.parse(yaml, "test.yaml"), extension.optionsType(), kind.section());
    }

    @Override
    public void close() {
        runtime.close();
    }
}
