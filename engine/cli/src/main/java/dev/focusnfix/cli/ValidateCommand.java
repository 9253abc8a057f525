package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code framework validate}: checks an experiment completely without loading any model. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check an experiment (syntax, plugin ids, plugin options, model paths) without loading models.")
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    private FrameworkCommand root;

    @Mixin
    private ExperimentOptions experiment;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        try (FrameworkRuntime runtime = root.startRuntime()) {
            ValidatedExperiment v = validate(runtime, experiment);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s is valid: backbone %s, reward %s, region %s, tuner %s; run folder " + "%s%n",
                            experiment.file,
                            v.backbone().id(),
                            v.reward().id(),
                            v.region().map(r -> r.id()).orElse("(reward default)"),
                            v.tuner().id(),
                            v.experiment().runDirectory());
            return Main.OK;
        }
    }

    /** Loads and validates an experiment against the runtime's plugins. */
    static ValidatedExperiment validate(FrameworkRuntime runtime, ExperimentOptions options) {
        return runtime.validate(options.file, options.overrides);
    }
}
