package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.ExperimentValidator;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.services.RunScope;
import dev.focusnfix.api.services.DeviceSettings;
import dev.focusnfix.api.services.ModelLocator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code framework validate}: checks an experiment completely without loading any model. */
@Command(name = "validate", mixinStandardHelpOptions = true,
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
            spec.commandLine().getOut().printf("%s is valid: backbone %s, reward %s, region %s, tuner %s; run folder "
                            + "%s%n", experiment.file, v.backbone().id(), v.reward().id(),
                    v.region().map(r -> r.id()).orElse("(reward default)"), v.tuner().id(),
                    v.experiment().runDirectory());
            return Main.OK;
        }
    }

    /** Loads and validates an experiment against the runtime's plugins. */
    static ValidatedExperiment validate(FrameworkRuntime runtime, ExperimentOptions options) {
        Experiment exp = ExperimentLoader.load(options.file, options.overrides);
        RunScope scope = runtime.injector().getInstance(RunScope.class);
        scope.enter(new DeviceSettings(ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.FLOAT32),
                exp.baseDirectory(), exp.runDirectory().toAbsolutePath());
        return new ExperimentValidator(runtime.host().registry(),
                runtime.injector().getInstance(ModelLocator.class)).validate(exp);
    }
}
