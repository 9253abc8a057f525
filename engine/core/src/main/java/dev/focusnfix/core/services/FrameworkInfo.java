package dev.focusnfix.core.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The framework's version and installation folder ({@code focusnfix.home}, set by the launcher; in a source checkout
 * the {@code framework/} folder found above the working directory).
 *
 * @param version the framework version
 * @param home the installation folder, if known
 */
public record FrameworkInfo(String version, Optional<Path> home) {

    /** Reads the version resource and the home property. */
    public static FrameworkInfo detect() {
        Properties p = new Properties();
        try (InputStream in = FrameworkInfo.class.getResourceAsStream("/dev/focusnfix/core/framework.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String home = System.getProperty("focusnfix.home");
        return new FrameworkInfo(
                p.getProperty("version", "0.0.0"),
                Optional.ofNullable(home).map(Path::of).or(FrameworkInfo::sourceCheckout));
    }

    private static Optional<Path> sourceCheckout() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("engine/models")) && Files.exists(dir.resolve("pom.xml"))) {
                return Optional.of(dir.resolve("engine"));
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** The default plugins folder: {@code <home>/plugins}. */
    public Optional<Path> defaultPluginsDir() {
        return home.map(h -> h.resolve("plugins"));
    }

    /** Where built-in models live: {@code <home>/models}. */
    public Optional<Path> modelsDir() {
        return home.map(h -> h.resolve("models"));
    }
}
