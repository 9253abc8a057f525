package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.evaluation.EvaluationSummary;
import dev.focusnfix.core.evaluation.RunReport;
import dev.focusnfix.core.run.RunOptions;
import dev.focusnfix.evaluation.tables.ComparisonTable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code framework eval RUN_DIR}: evaluates a finished run against its base model and rewrites its report. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a run folder: base vs tuned images on the evaluation prompts and seeds, rewards "
                + "before/after, PSNR/SSIM/LPIPS overall and inside/outside the mask; writes evaluation.json, "
                + "samples/ and report.html.")
public final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    private FrameworkCommand root;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run folder written by 'framework run'.")
    private Path runDir;

    @Mixin
    private ExecutionOptions execution;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FrameworkRuntime runtime = root.startRuntime()) {
            var validated = RunFolder.load(runtime, runDir, execution.overrides());
            var outcome = runtime.open(validated, RunOptions.existing(runDir.toAbsolutePath()))
                    .evaluate();
            EvaluationSummary summary = outcome.evaluation();
            if (summary != null) {
                spec.commandLine()
                        .getOut()
                        .print(ComparisonTable.ofMethods(List.of(RunReport.methodResult(summary)))
                                .toMarkdown());
            }
            spec.commandLine().getOut().println("report: " + runDir.resolve(RunReport.FILE));
            return Main.OK;
        }
    }
}
