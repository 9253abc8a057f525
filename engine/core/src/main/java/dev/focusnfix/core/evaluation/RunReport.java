package dev.focusnfix.core.evaluation;

import dev.focusnfix.api.RunLayout;
import dev.focusnfix.evaluation.report.ContactSheet;
import dev.focusnfix.evaluation.report.HtmlReport;
import dev.focusnfix.evaluation.report.MetricsLog;
import dev.focusnfix.evaluation.report.SampleRow;
import dev.focusnfix.evaluation.tables.Column;
import dev.focusnfix.evaluation.tables.ComparisonTable;
import dev.focusnfix.evaluation.tables.MethodResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a run folder's {@code report.html} (experiment, result tables, training curves, sample rows) and
 * {@code contact-sheet.png} from what the run wrote: {@code experiment.yaml}, {@code metrics.jsonl},
 * {@code evaluation.json} and {@code samples/}.
 */
public final class RunReport {

    /** The report's file name. */
    public static final String FILE = RunLayout.REPORT;
    /** The contact sheet's file name. */
    public static final String CONTACT_SHEET = RunLayout.CONTACT_SHEET;

    private RunReport() {}

    /** Writes the report and contact sheet; returns the report's path. */
    public static Path write(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new java.nio.file.NoSuchFileException(runDir.toString(), null, "not a run folder");
        }
        HtmlReport.Builder report = HtmlReport.builder("Focus-N-Fix run report")
                .runName(runDir.getFileName().toString());
        Path experiment = runDir.resolve(RunLayout.EXPERIMENT);
        if (Files.exists(experiment)) {
            report.experimentYaml(Files.readString(experiment, StandardCharsets.UTF_8));
        }
        Path metrics = runDir.resolve(RunLayout.METRICS);
        if (Files.exists(metrics)) {
            report.trainingCurves(MetricsLog.read(metrics));
        }
        Path evaluation = runDir.resolve(EvaluationSummary.FILE);
        List<SampleRow> rows = new ArrayList<>();
        if (Files.exists(evaluation)) {
            EvaluationSummary summary = EvaluationFiles.read(evaluation);
            report.table(
                    "Against the base model (same prompts and seeds)",
                    ComparisonTable.ofMethods(List.of(methodResult(summary))));
            if (!summary.probes().isEmpty()) {
                report.table("Forgetting probes: share of images below the threshold", probeTable(summary));
            }
            report.table("Per image", perImageTable(summary));
            for (ImageEvaluation image : summary.perImage()) {
                rows.add(SampleRow.conventional(image.promptIndex(), image.prompt(), image.seed()));
            }
            report.samples(rows);
            ContactSheet.write(rows, runDir, ContactSheet.DEFAULT_CELL_SIZE, runDir.resolve(CONTACT_SHEET));
        } else {
            report.note("This run has not been evaluated yet: run 'framework eval " + runDir + "'.");
        }
        Path file = runDir.resolve(FILE);
        report.build().write(file);
        return file;
    }

    /** A summary as a row of the comparison tables. */
    public static MethodResult methodResult(EvaluationSummary s) {
        MethodResult.Builder b = MethodResult.builder(s.method())
                .parameters(s.parameters())
                .rewards(s.rewardBefore(), s.rewardAfter())
                .imageChange(s.psnr(), s.ssim(), s.lpips())
                .maskedPsnr(s.psnrOutside(), s.psnrInside())
                .preference(s.improveRate(), s.degradeRate());
        s.otherRewardChange().forEach(b::otherReward);
        return b.build();
    }

    private static ComparisonTable probeTable(EvaluationSummary s) {
        ComparisonTable.Builder table = ComparisonTable.builder(
                Column.text("probe"), Column.exact("images"), Column.percent("base", 0), Column.percent("tuned", 0));
        for (ProbeResult p : s.probes()) {
            table.row(p.name(), p.images(), p.shareBefore(), p.shareAfter());
        }
        return table.build();
    }

    private static ComparisonTable perImageTable(EvaluationSummary s) {
        ComparisonTable.Builder table = ComparisonTable.builder(
                Column.text("prompt"),
                Column.exact("seed"),
                Column.fixed("reward base", 3),
                Column.fixed("reward tuned", 3),
                Column.fixed("PSNR", 2),
                Column.fixed("SSIM", 3),
                Column.fixed("PSNR outside", 2),
                Column.fixed("PSNR inside", 2),
                Column.percent("mask", 0));
        for (ImageEvaluation i : s.perImage()) {
            table.row(
                    i.prompt(),
                    i.seed(),
                    i.rewardBefore(),
                    i.rewardAfter(),
                    i.psnr(),
                    i.ssim(),
                    i.psnrOutside(),
                    i.psnrInside(),
                    i.maskFraction());
        }
        return table.build().withoutEmptyColumns();
    }
}
