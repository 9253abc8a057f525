package dev.focusnfix.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.services.ConsoleProgressReporter;
import dev.focusnfix.core.services.FrameworkInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: shared options and the sub-commands. */
@Command(
        name = "framework",
        mixinStandardHelpOptions = true,
        versionProvider = FrameworkCommand.Version.class,
        description = "Region-aware reward fine-tuning of text-to-image diffusion models (Focus-N-Fix, DRaFT, "
                + "reward guidance).",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            GenerateCommand.class,
            EvalCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            SweepCommand.class,
            StudyCommand.class,
            BenchCommand.class,
            PluginsCommand.class,
            DoctorCommand.class
        },
        scope = ScopeType.INHERIT)
public final class FrameworkCommand {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces and debug logs.")
    private boolean debug;

    @Option(
            names = "--plugins-dir",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            description = "A folder of more plugin jars, loaded beside the built-in plugins (repeatable; the "
                    + "built-in folder is $FOCUSNFIX_PLUGINS_DIR, else the installation's plugins/).")
    private List<Path> pluginsDirs = new ArrayList<>();

    @Option(
            names = "--plugins-dir-only",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            description = "Load plugin jars from this folder only, instead of the built-in plugins (repeatable).")
    private List<Path> pluginsDirsOnly = new ArrayList<>();

    boolean debug() {
        return debug;
    }

    /** Starts the framework runtime with the chosen plugins folder. */
    FrameworkRuntime startRuntime() {
        if (debug) {
            ((LoggerContext) LoggerFactory.getILoggerFactory())
                    .getLogger("dev.focusnfix")
                    .setLevel(Level.DEBUG);
            ((LoggerContext) LoggerFactory.getILoggerFactory())
                    .getLogger("ai.djl.util.cuda.CudaUtils")
                    .setLevel(Level.WARN);
            ((LoggerContext) LoggerFactory.getILoggerFactory())
                    .getLogger("org.pf4j")
                    .setLevel(null);
        } else {
            // PF4J logs a broken jar with its stack trace; the plugin host reports each one in one line instead.
            ((LoggerContext) LoggerFactory.getILoggerFactory())
                    .getLogger("org.pf4j")
                    .setLevel(Level.OFF);
        }
        FrameworkInfo info = FrameworkInfo.detect();
        return FrameworkRuntime.start(
                info,
                FrameworkRuntime.pluginsDirectories(pluginsDirs, pluginsDirsOnly, info),
                new ConsoleProgressReporter());
    }

    /** Prints the framework version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            FrameworkInfo info = FrameworkInfo.detect();
            return new String[] {
                "framework " + info.version(),
                "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")
            };
        }
    }
}
