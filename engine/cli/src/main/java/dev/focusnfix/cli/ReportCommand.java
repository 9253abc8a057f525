package dev.focusnfix.cli;

import dev.focusnfix.api.RunLayout;
import dev.focusnfix.core.evaluation.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code framework report RUN_DIR}: rebuilds a run's static HTML report and contact sheet. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write RUN_DIR/report.html (experiment, tables, training curves, sample rows) and "
                + "RUN_DIR/contact-sheet.png from what the run folder holds; no model is loaded.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run folder written by 'framework run'.")
    private Path runDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(runDir.resolve(RunLayout.EXPERIMENT))) {
            throw new BadInputException(runDir + " is not a run folder (no experiment.yaml)");
        }
        spec.commandLine().getOut().println(RunReport.write(runDir));
        return Main.OK;
    }
}
