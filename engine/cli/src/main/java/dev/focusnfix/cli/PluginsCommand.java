package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.PluginProblem;
import dev.focusnfix.core.plugin.RegisteredExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.pf4j.PluginWrapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code framework plugins}: the loaded plugins, their extensions by kind and id, and the plugins that failed. */
@Command(
        name = "plugins",
        mixinStandardHelpOptions = true,
        description = "List plugins, their versions and extension ids, and any plugin that failed to load.")
public final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    private FrameworkCommand root;

    @Option(names = "--options", description = "Also list each extension's option names.")
    private boolean showOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (FrameworkRuntime runtime = root.startRuntime()) {
            for (Path dir : runtime.host().pluginsDirectories()) {
                out.println("Plugins folder: " + dir.toAbsolutePath().normalize()
                        + (Files.isDirectory(dir) ? "" : " (does not exist)"));
            }
            out.println("Plugins:");
            if (runtime.host().startedPlugins().isEmpty()) {
                out.println("  (none)");
            }
            for (PluginWrapper p : runtime.host().startedPlugins().stream()
                    .sorted(java.util.Comparator.comparing(PluginWrapper::getPluginId))
                    .toList()) {
                out.printf(
                        "  %-28s %-10s %s%n",
                        p.getPluginId(),
                        p.getDescriptor().getVersion(),
                        p.getPluginPath().getFileName());
            }
            out.println("Plugin files (SHA-256; plugins run with the framework's rights, so pin what you run):");
            for (Path file : pluginFiles(runtime.host().pluginsDirectories())) {
                out.println("  " + sha256(file) + "  " + file.toAbsolutePath().normalize());
            }
            for (ExtensionKind kind : ExtensionKind.values()) {
                out.println(capitalize(kind.section()) + "s:");
                if (runtime.host().registry().all(kind).isEmpty()) {
                    out.println("  (none)");
                }
                for (RegisteredExtension e : runtime.host().registry().all(kind)) {
                    out.printf(
                            "  %-20s %-28s %s%n",
                            e.id(), "(" + e.pluginId() + " " + e.pluginVersion() + ")", description(e));
                    if (showOptions) {
                        out.println("      options: "
                                + String.join(
                                        ", ",
                                        OptionsBinder.optionNames(e.extension().optionsType())));
                    }
                }
            }
            if (!runtime.host().problems().isEmpty()) {
                out.println("Not loaded:");
                for (PluginProblem p : runtime.host().problems()) {
                    out.println("  " + p);
                }
            }
            return Main.OK;
        }
    }

    /** An extension's description; a plugin whose description() fails says so instead of ending the listing. */
    private static String description(RegisteredExtension e) {
        try {
            return String.valueOf(e.extension().description());
        } catch (RuntimeException | LinkageError x) {
            return "(its description() throws " + x.getClass().getSimpleName() + ")";
        }
    }

    /** The jar and zip files of the plugins folders (the files PF4J may load), sorted. */
    static List<Path> pluginFiles(List<Path> dirs) {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isRegularFile)
                        .filter(f -> {
                            String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                            return n.endsWith(".jar") || n.endsWith(".zip");
                        })
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the plugins folder " + dir, e);
            }
        }
        return files;
    }

    /** The file's SHA-256 in lower-case hex, or why it cannot be read. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return "(unreadable: " + e.getClass().getSimpleName() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
