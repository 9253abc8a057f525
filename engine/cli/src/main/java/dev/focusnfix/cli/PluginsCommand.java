package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.PluginProblem;
import dev.focusnfix.core.plugin.RegisteredExtension;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.pf4j.PluginWrapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code framework plugins}: the loaded plugins, their extensions by kind and id, and the plugins that failed. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
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
            out.println("Plugins folder: " + runtime.host().pluginsDirectory().toAbsolutePath());
            out.println("Plugins:");
            if (runtime.host().startedPlugins().isEmpty()) {
                out.println("  (none)");
            }
            for (PluginWrapper p : runtime.host().startedPlugins().stream()
                    .sorted(java.util.Comparator.comparing(PluginWrapper::getPluginId)).toList()) {
                out.printf("  %-28s %-10s %s%n", p.getPluginId(), p.getDescriptor().getVersion(),
                        p.getPluginPath().getFileName());
            }
            for (ExtensionKind kind : ExtensionKind.values()) {
                out.println(capitalize(kind.section()) + "s:");
                if (runtime.host().registry().all(kind).isEmpty()) {
                    out.println("  (none)");
                }
                for (RegisteredExtension e : runtime.host().registry().all(kind)) {
                    out.printf("  %-20s %-28s %s%n", e.id(), "(" + e.pluginId() + " " + e.pluginVersion() + ")",
                            e.extension().description());
                    if (showOptions) {
                        out.println("      options: " + String.join(", ",
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

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
