package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.run.ExperimentRunner;
import dev.focusnfix.core.run.RunOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code framework run}: validates, then runs an experiment into its run folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment: fine-tune (or guide) a backbone against a reward; outputs go to "
                + "<output>/<name>/.")
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private FrameworkCommand root;

    @Mixin
    private ExperimentOptions experiment;

    @Option(names = "--resume", description = "Continue from the latest valid checkpoint of the run folder.")
    private boolean resume;

    @Option(names = "--force", description = "With --resume: continue even if the experiment changed since the "
            + "checkpoint was written.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FrameworkRuntime runtime = root.startRuntime()) {
            ValidatedExperiment validated = ValidateCommand.validate(runtime, experiment);
            ExperimentRunner.RunOutcome outcome = runtime.open(validated, RunOptions.of(resume, force)).run();
            spec.commandLine().getOut().println("run finished: " + outcome.runDirectory());
            return Main.OK;
        }
    }
}
