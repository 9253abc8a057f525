package dev.focusnfix.cli;

import dev.focusnfix.core.evaluation.EvaluationFiles;
import dev.focusnfix.core.evaluation.EvaluationSummary;
import dev.focusnfix.core.evaluation.RunReport;
import dev.focusnfix.evaluation.report.HtmlReport;
import dev.focusnfix.evaluation.tables.ComparisonTable;
import dev.focusnfix.evaluation.tables.MethodResult;
import dev.focusnfix.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code framework compare RUN_DIR...}: one table across evaluated runs, in the layout of the paper's Tables 3-4. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compare evaluated runs: reward before/after, PSNR/SSIM/LPIPS against the base model, PSNR "
                + "outside/inside the mask, improve/degrade rates, other rewards. Prints Markdown; --out also writes "
                + "compare.md, compare.csv and compare.html.")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Evaluated run folders.")
    private List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for compare.md, compare.csv, compare.html.")
    private Path out;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<MethodResult> rows = results(runs);
        ComparisonTable table = ComparisonTable.ofMethods(rows);
        spec.commandLine().getOut().print(table.toMarkdown());
        if (out != null) {
            write(out, "compare", "Comparison of runs", table, rows);
        }
        return Main.OK;
    }

    /** The rows of evaluated runs, named {@code tuner (run folder)}. */
    static List<MethodResult> results(List<Path> runDirs) throws IOException {
        List<MethodResult> rows = new ArrayList<>();
        for (Path run : runDirs) {
            Path file = run.resolve(EvaluationSummary.FILE);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(
                        run + " has no " + EvaluationSummary.FILE + "; run 'framework eval " + run + "' first");
            }
            MethodResult r = RunReport.methodResult(EvaluationFiles.read(file));
            rows.add(new MethodResult(
                    r.method() + " (" + run.toAbsolutePath().normalize().getFileName() + ")",
                    r.parameters(),
                    r.rewardBefore(),
                    r.rewardAfter(),
                    r.psnr(),
                    r.ssim(),
                    r.lpips(),
                    r.psnrOutsideMask(),
                    r.psnrInsideMask(),
                    r.improveRate(),
                    r.degradeRate(),
                    r.otherRewardChange()));
        }
        return rows;
    }

    /** Writes {@code <stem>.md}, {@code .csv} and {@code .html} (with the beta-sweep charts when betas differ). */
    static void write(Path folder, String stem, String title, ComparisonTable table, List<MethodResult> rows)
            throws IOException {
        Files.createDirectories(folder);
        AtomicFiles.writeString(folder.resolve(stem + ".md"), table.toMarkdown());
        AtomicFiles.writeString(folder.resolve(stem + ".csv"), table.toCsv());
        HtmlReport.builder(title).table("", table).betaSweep(rows).build().write(folder.resolve(stem + ".html"));
    }
}
