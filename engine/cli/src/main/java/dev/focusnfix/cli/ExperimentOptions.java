package dev.focusnfix.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The experiment file and its overrides, shared by the commands that read one. */
final class ExperimentOptions {

    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "The experiment file.")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "KEY.PATH=VALUE",
            description = "Override a value of the experiment, e.g. --set tuner.beta=5e-4 (repeatable).")
    List<String> overrides = new ArrayList<>();
}
