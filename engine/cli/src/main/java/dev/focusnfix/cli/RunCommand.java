package dev.focusnfix.cli;

import dev.focusnfix.api.RunLayout;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.run.ExperimentRunner;
import dev.focusnfix.core.run.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code framework run}: validates, then runs an experiment into its run folder. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run an experiment: fine-tune (or guide) a backbone against a reward; outputs go to "
                + "<output>/<name>/.")
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private FrameworkCommand root;

    @Mixin
    private ExperimentOptions experiment;

    @Option(names = "--resume", description = "Continue from the latest valid checkpoint of the run folder.")
    private boolean resume;

    @Option(
            names = "--force",
            description =
                    "With --resume: continue even if the experiment changed since the " + "checkpoint was written.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FrameworkRuntime runtime = root.startRuntime()) {
            ValidatedExperiment validated = ValidateCommand.validate(runtime, experiment);
            if (!resume) {
                refuseEarlierRun(validated);
            }
            ExperimentRunner.RunOutcome outcome =
                    runtime.open(validated, RunOptions.of(resume, force)).run();
            spec.commandLine().getOut().println("run finished: " + outcome.runDirectory());
            return Main.OK;
        }
    }

    /**
     * Refuses to start over a run folder that holds an earlier run's checkpoints, giving the exact command for each
     * way out: continue it, a new name, or a new output folder.
     */
    private void refuseEarlierRun(ValidatedExperiment validated) throws java.io.IOException {
        Path runDir = validated.experiment().runDirectory();
        Path checkpoints = runDir.resolve(RunLayout.CHECKPOINTS);
        if (!Files.isDirectory(checkpoints)) {
            return;
        }
        try (var files = Files.list(checkpoints)) {
            if (files.findAny().isEmpty()) {
                return;
            }
        }
        String name = validated.experiment().name();
        Path output = runDir.getParent();
        String freeName = name;
        for (int n = 2; Files.exists(output.resolve(freeName)); n++) {
            freeName = name + "-" + n;
        }
        Path freeOutput = output;
        for (int n = 2; Files.exists(freeOutput); n++) {
            freeOutput = output.resolveSibling(output.getFileName() + "-" + n);
        }
        String command = rerunCommand();
        throw new BadInputException(runDir + " already holds an earlier run (checkpoints/). Either:\n"
                + "  continue it:           " + command + " --resume\n"
                + "  run under a new name:  " + command + " --set name=" + freeName + "\n"
                + "  or in a new folder:    " + command + " --set output=" + quote(freeOutput.toString()) + "\n"
                + "(or delete " + runDir + " to start over)");
    }

    /** The command line that ran this experiment, as the user can paste it again. */
    private String rerunCommand() {
        StringBuilder sb = new StringBuilder("framework run ").append(quote(experiment.file.toString()));
        for (String o : experiment.overrides) {
            sb.append(" --set ").append(quote(o));
        }
        return sb.toString();
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
