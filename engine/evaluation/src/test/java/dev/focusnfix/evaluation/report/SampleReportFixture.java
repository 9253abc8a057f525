package dev.focusnfix.evaluation.report;

import dev.focusnfix.evaluation.tables.ComparisonTable;
import dev.focusnfix.evaluation.tables.MethodResult;
import dev.focusnfix.nn.io.Png;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small but complete report on disk for the report tests and the Chromium rendering check: three prompts with
 * 64 x 64 PNGs (one saliency map deliberately missing), a 60-step metrics log with a truncated last line, a beta sweep
 * and a YAML experiment with characters that need escaping.
 */
final class SampleReportFixture {

    static final String YAML =
            """
            experiment: fnf-safety
            tuner: focus-n-fix
            beta: 5.0e-4        # <not> & "quoted"
            prompts: ["a <b>bold</b> cat", 'dog & bird']
            """;

    static final List<String> PROMPTS = List.of(
            "a photo of a red apple on a wooden table",
            "a cat <sitting> on a \"mat\" & a dog",
            "a very long prompt about a mountain landscape at sunset with a lake, pine trees, clouds and a small"
                    + " wooden cabin whose chimney is smoking");
    static final long SEED = 1000;

    final Path folder;
    final Path html;
    final List<SampleRow> rows;
    final List<MethodResult> results;
    final MetricsLog log;
    final HtmlReport report;

    private SampleReportFixture(
            Path folder,
            Path html,
            List<SampleRow> rows,
            List<MethodResult> results,
            MetricsLog log,
            HtmlReport report) {
        this.folder = folder;
        this.html = html;
        this.rows = rows;
        this.results = results;
        this.log = log;
        this.report = report;
    }

    static SampleReportFixture create(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<SampleRow> rows = new ArrayList<>();
        for (int p = 0; p < PROMPTS.size(); p++) {
            SampleRow row = SampleRow.conventional(p, PROMPTS.get(p), SEED);
            rows.add(row);
            BufferedImage base = picture(p, false);
            BufferedImage tuned = picture(p, true);
            Png.write(base, folder.resolve(row.images().get(SampleColumn.BASE)));
            Png.write(tuned, folder.resolve(row.images().get(SampleColumn.TUNED)));
            Png.write(mask(), folder.resolve(row.images().get(SampleColumn.MASK)));
            if (p != 1) { // prompt 1 has no saliency map: the report must show a placeholder
                Png.write(saliency(), folder.resolve(row.images().get(SampleColumn.SALIENCY)));
            } else {
                Files.deleteIfExists(folder.resolve(row.images().get(SampleColumn.SALIENCY)));
            }
            DifferenceImage.write(
                    folder.resolve(row.images().get(SampleColumn.BASE)),
                    folder.resolve(row.images().get(SampleColumn.TUNED)),
                    folder.resolve(row.images().get(SampleColumn.DIFFERENCE)));
        }
        Path metrics = folder.resolve("metrics.jsonl");
        Files.writeString(metrics, metricsLines(60) + "{\"step\": 60, \"reward\": 0.");
        MetricsLog log = MetricsLog.read(metrics);
        List<MethodResult> results = List.of(
                MethodResult.builder("Base")
                        .rewards(-0.92, -0.92)
                        .imageChange(Double.POSITIVE_INFINITY, 1, 0)
                        .build(),
                MethodResult.builder("DRaFT")
                        .beta(0)
                        .rewards(-0.92, -0.11)
                        .imageChange(13.07, 0.41, 0.59)
                        .maskedPsnr(12.5, 11.9)
                        .preference(0.42, 0.18)
                        .otherReward("alignment", -0.07)
                        .build(),
                MethodResult.builder("Focus-N-Fix β=1e-4")
                        .beta(1e-4)
                        .rewards(-0.92, -0.2)
                        .imageChange(18.4, 0.66, 0.31)
                        .maskedPsnr(21.0, 13.2)
                        .build(),
                MethodResult.builder("Focus-N-Fix")
                        .beta(5e-4)
                        .rewards(-0.92, -0.31)
                        .imageChange(22.30, 0.80, 0.18)
                        .maskedPsnr(27.4, 14.8)
                        .preference(0.69, 0.01)
                        .otherReward("alignment", -0.01)
                        .build(),
                MethodResult.builder("Focus-N-Fix β=5e-3")
                        .beta(5e-3)
                        .rewards(-0.92, -0.85)
                        .imageChange(Double.POSITIVE_INFINITY, 1.0, 0.0)
                        .build());
        HtmlReport report = HtmlReport.builder("Focus-N-Fix — safety reward")
                .runName("fnf-safety <test> & co")
                .table("Against the base model (same prompts and seeds)", ComparisonTable.ofMethods(results))
                .trainingCurves(log)
                .betaSweep(results)
                .samples(rows)
                .experimentYaml(YAML)
                .build();
        Path html = folder.resolve("report.html");
        report.write(html);
        return new SampleReportFixture(folder, html, rows, results, log, report);
    }

    /** Training-like curves: reward rising with noise, constraint growing, lr = 2e-5 / sqrt(step). */
    static String metricsLines(int steps) {
        StringBuilder out = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int step = 1; step <= steps; step++) {
            double reward = -0.9 + 0.6 * (1 - Math.exp(-step / 20.0)) + 0.08 * random.nextGaussian();
            double constraint = 40 * (1 - Math.exp(-step / 15.0)) + random.nextDouble();
            double objective = reward - 5e-4 * constraint;
            String gradNorm = step == 30 ? "NaN" : String.format(Locale.ROOT, "%.4f", 1.5 + random.nextDouble());
            out.append(String.format(
                    Locale.ROOT,
                    "{\"step\": %d, \"reward\": %.5f, \"constraint\": %.4f,"
                            + " \"objective\": %.5f, \"gradNorm\": %s, \"learningRate\": %.6e, \"seconds\": 1.2,"
                            + " \"heapBytes\": %d, \"rssBytes\": %d}%n",
                    step,
                    reward,
                    constraint,
                    objective,
                    gradNorm,
                    2e-5 / Math.sqrt(step),
                    900_000_000L + step * 1_000_000L,
                    3_000_000_000L + step * 2_000_000L));
        }
        return out.toString();
    }

    /** A colourful 64 x 64 picture; the "tuned" one differs in a square in the middle. */
    static BufferedImage picture(int seed, boolean tuned) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int r = (x * 4 + seed * 60) & 0xff;
                int g = (y * 4) & 0xff;
                int b = (128 + seed * 40) & 0xff;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        if (tuned) {
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(40, 200, 90));
            g.fillOval(20, 20, 24, 24);
            g.dispose();
        }
        return image;
    }

    static BufferedImage mask() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(16, 16, 32, 32);
        g.dispose();
        return image;
    }

    static BufferedImage saliency() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                double d = Math.hypot(x - 32, y - 32) / 32;
                int heat = (int) Math.round(255 * Math.max(0, 1 - d));
                image.setRGB(x, y, (heat << 16) | ((heat / 3) << 8) | (255 - heat));
            }
        }
        return image;
    }
}
