package dev.focusnfix.evaluation.report;

import static dev.focusnfix.evaluation.tables.TextEscapes.html;

import dev.focusnfix.evaluation.tables.ComparisonTable;
import dev.focusnfix.evaluation.tables.MethodResult;
import dev.focusnfix.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One static HTML page about a run: title and run name, the result tables, charts (training curves, beta sweep) as
 * inline SVG, a row of images per evaluation prompt and seed (base | tuned | mask | saliency | difference), and the
 * resolved experiment as YAML. UTF-8, inline CSS, no scripts and no external resources: it opens from disk, offline,
 * and can be archived with the run. Images are referenced by relative paths to PNG files beside the report; one that
 * does not exist when the report is written becomes a placeholder cell rather than a broken link.
 *
 * <pre>{@code
 * HtmlReport.builder("Focus-N-Fix, safety reward")
 *         .runName("fnf-safety-beta5e-4")
 *         .table("Against the base model", ComparisonTable.ofMethods(results))
 *         .trainingCurves(MetricsLog.read(runDir.resolve(RunLayout.METRICS)))
 *         .betaSweep(results)
 *         .samples(rows)
 *         .experimentYaml(resolvedYaml)
 *         .build()
 *         .write(runDir.resolve(RunLayout.REPORT));
 * }</pre>
 */
public final class HtmlReport {

    /** Width in CSS pixels of each sample image. */
    public static final int SAMPLE_IMAGE_WIDTH = 192;

    private static final String STYLE =
            """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; \
            margin: 24px auto; max-width: 1340px; padding: 0 16px; line-height: 1.4; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 20px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
            h3 { font-size: 16px; margin: 16px 0 8px; }
            .run { color: #555; margin: 0 0 16px; }
            .run code { background: #f3f3f3; padding: 1px 5px; border-radius: 3px; }
            nav a { margin-right: 14px; }
            table.comparison { border-collapse: collapse; font-size: 14px; margin: 8px 0 16px; }
            table.comparison th, table.comparison td { border: 1px solid #d0d0d0; padding: 4px 10px; }
            table.comparison thead th { background: #f2f4f7; }
            table.comparison tbody tr:nth-child(even) { background: #fafafa; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            .figures { display: flex; flex-wrap: wrap; gap: 16px; }
            figure { margin: 0; border: 1px solid #e3e3e3; padding: 4px; background: #fff; }
            figcaption { font-size: 12px; color: #555; max-width: 640px; padding: 2px 4px; }
            figure svg { display: block; }
            table.samples { border-collapse: collapse; }
            table.samples th { font-size: 13px; background: #f2f4f7; padding: 4px; }
            table.samples td { border: 1px solid #e3e3e3; padding: 4px; vertical-align: top; }
            td.prompt { width: 200px; font-size: 13px; }
            td.prompt .seed { color: #666; font-size: 12px; display: block; margin-top: 4px; }
            td.image img { display: block; width: %dpx; height: auto; image-rendering: auto; }
            td.image.mask img, td.image.saliency img { image-rendering: pixelated; }
            .missing { width: %dpx; height: %dpx; display: flex; flex-direction: column; align-items: center; \
            justify-content: center; background: repeating-linear-gradient(45deg, #eee, #eee 8px, #e2e2e2 8px, \
            #e2e2e2 16px); color: #777; font-size: 12px; text-align: center; overflow-wrap: anywhere; }
            .missing code { font-size: 10px; padding: 0 6px; }
            pre.yaml { background: #f7f7f7; border: 1px solid #e3e3e3; padding: 10px; overflow: auto; \
            max-height: 480px; font-size: 12px; }
            .note { color: #555; font-size: 13px; }
            footer { margin-top: 32px; color: #888; font-size: 12px; }
            """
                    .formatted(SAMPLE_IMAGE_WIDTH, SAMPLE_IMAGE_WIDTH, SAMPLE_IMAGE_WIDTH);

    private record TitledTable(String title, ComparisonTable table) {}

    private final String title;
    private final String runName;
    private final String experimentYaml;
    private final List<TitledTable> tables;
    private final Map<String, List<Figure>> figureSections;
    private final List<SampleRow> samples;
    private final List<String> notes;
    private final String footer;

    private HtmlReport(Builder builder) {
        this.title = builder.title;
        this.runName = builder.runName;
        this.experimentYaml = builder.experimentYaml;
        this.tables = List.copyOf(builder.tables);
        Map<String, List<Figure>> sections = new LinkedHashMap<>();
        builder.figureSections.forEach((name, figures) -> sections.put(name, List.copyOf(figures)));
        this.figureSections = sections;
        this.samples = List.copyOf(builder.samples);
        this.notes = List.copyOf(builder.notes);
        this.footer = builder.footer;
    }

    /** A report with this title and nothing else yet. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Renders the report and writes it (UTF-8) atomically; sample images are looked up beside it. */
    public void write(Path htmlFile) throws IOException {
        Path folder = htmlFile.toAbsolutePath().getParent();
        AtomicFiles.writeString(htmlFile, render(folder));
    }

    /** The HTML of the report as if written into {@code folder} (which decides which images exist). */
    public String render(Path folder) {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(html(title))
                .append(runName.isEmpty() ? "" : " — " + html(runName))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        out.append("<header>\n<h1>").append(html(title)).append("</h1>\n");
        if (!runName.isEmpty()) {
            out.append("<p class=\"run\">Run <code>").append(html(runName)).append("</code></p>\n");
        }
        appendNavigation(out);
        out.append("</header>\n");
        for (String note : notes) {
            out.append("<p class=\"note\">").append(html(note)).append("</p>\n");
        }
        if (!tables.isEmpty()) {
            out.append("<section id=\"tables\">\n<h2>Results</h2>\n");
            for (TitledTable table : tables) {
                if (!table.title().isEmpty()) {
                    out.append("<h3>").append(html(table.title())).append("</h3>\n");
                }
                out.append(table.table().toHtml());
            }
            out.append("</section>\n");
        }
        int section = 0;
        for (Map.Entry<String, List<Figure>> entry : figureSections.entrySet()) {
            out.append("<section id=\"figures-")
                    .append(section++)
                    .append("\">\n<h2>")
                    .append(html(entry.getKey()))
                    .append("</h2>\n<div class=\"figures\">\n");
            for (Figure figure : entry.getValue()) {
                out.append("<figure>\n")
                        .append(figure.svg())
                        .append("<figcaption>")
                        .append(html(figure.caption()))
                        .append("</figcaption>\n</figure>\n");
            }
            out.append("</div>\n</section>\n");
        }
        if (!samples.isEmpty()) {
            appendSamples(out, folder);
        }
        if (!experimentYaml.isEmpty()) {
            out.append("<section id=\"experiment\">\n<h2>Experiment</h2>\n<pre class=\"yaml\">")
                    .append(html(experimentYaml))
                    .append("</pre>\n</section>\n");
        }
        out.append("<footer>").append(html(footer)).append("</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private void appendNavigation(StringBuilder out) {
        List<String> links = new ArrayList<>();
        if (!tables.isEmpty()) {
            links.add("<a href=\"#tables\">Results</a>");
        }
        int section = 0;
        for (String name : figureSections.keySet()) {
            links.add("<a href=\"#figures-" + section++ + "\">" + html(name) + "</a>");
        }
        if (!samples.isEmpty()) {
            links.add("<a href=\"#samples\">Samples</a>");
        }
        if (!experimentYaml.isEmpty()) {
            links.add("<a href=\"#experiment\">Experiment</a>");
        }
        if (links.size() > 1) {
            out.append("<nav>").append(String.join("", links)).append("</nav>\n");
        }
    }

    private void appendSamples(StringBuilder out, Path folder) {
        out.append("<section id=\"samples\">\n<h2>Samples</h2>\n<table class=\"samples\">\n<thead>\n<tr>"
                + "<th>Prompt</th>");
        for (SampleColumn column : SampleColumn.values()) {
            out.append("<th>").append(html(column.header())).append("</th>");
        }
        out.append("</tr>\n</thead>\n<tbody>\n");
        for (SampleRow row : samples) {
            out.append("<tr>\n<td class=\"prompt\">")
                    .append(html(row.prompt()))
                    .append("<span class=\"seed\">#")
                    .append(row.promptIndex())
                    .append(", seed ")
                    .append(row.seed())
                    .append("</span></td>\n");
            for (SampleColumn column : SampleColumn.values()) {
                String cssClass = column.name().toLowerCase(java.util.Locale.ROOT);
                out.append("<td class=\"image ").append(cssClass).append("\">");
                Optional<Path> image = row.image(column);
                if (image.isPresent() && Files.isRegularFile(folder.resolve(image.get()))) {
                    String alt = column.header() + ", prompt " + row.promptIndex() + ", seed " + row.seed();
                    out.append("<img src=\"")
                            .append(html(RelativeUrl.of(image.get())))
                            .append("\" alt=\"")
                            .append(html(alt))
                            .append("\" width=\"")
                            .append(SAMPLE_IMAGE_WIDTH)
                            .append("\" loading=\"lazy\">");
                } else {
                    out.append("<div class=\"missing\">not available");
                    image.ifPresent(path -> out.append("<code>")
                            .append(html(RelativeUrl.of(path)))
                            .append("</code>"));
                    out.append("</div>");
                }
                out.append("</td>\n");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    /** Collects the parts of an {@link HtmlReport}; every part is optional. */
    public static final class Builder {
        private final String title;
        private String runName = "";
        private String experimentYaml = "";
        private final List<TitledTable> tables = new ArrayList<>();
        private final Map<String, List<Figure>> figureSections = new LinkedHashMap<>();
        private final List<SampleRow> samples = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private String footer = "Focus-N-Fix framework report. Static HTML: no scripts, no external resources.";

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        /** The run's name, shown under the title. */
        public Builder runName(String name) {
            this.runName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The resolved experiment as YAML text, shown verbatim (escaped) at the end. */
        public Builder experimentYaml(String yaml) {
            this.experimentYaml = Objects.requireNonNull(yaml, "yaml");
            return this;
        }

        /** Adds a result table under a heading (empty for none). */
        public Builder table(String heading, ComparisonTable table) {
            tables.add(new TitledTable(
                    Objects.requireNonNull(heading, "heading"), Objects.requireNonNull(table, "table")));
            return this;
        }

        /** Adds figures to the section {@code heading}, creating it after the existing ones if new. */
        public Builder figures(String heading, List<Figure> figures) {
            figureSections
                    .computeIfAbsent(Objects.requireNonNull(heading, "heading"), h -> new ArrayList<>())
                    .addAll(figures);
            return this;
        }

        /** Adds the training curves of a metrics log (see {@link TrainingCurves}). */
        public Builder trainingCurves(MetricsLog log) {
            List<Figure> curves = TrainingCurves.of(log);
            if (log.truncatedLastLine()) {
                notes.add("The last line of " + log.source() + " was incomplete (the run was stopped mid-write) "
                        + "and is not plotted.");
            }
            return curves.isEmpty() ? this : figures("Training curves", curves);
        }

        /** Adds the reward-gain-against-image-change charts of a beta sweep (see {@link BetaSweepCharts}). */
        public Builder betaSweep(List<MethodResult> results) {
            List<Figure> charts = BetaSweepCharts.of(results);
            return charts.isEmpty() ? this : figures("Reward gain against image change (β sweep)", charts);
        }

        /** Adds sample rows, shown in the order added. */
        public Builder samples(List<SampleRow> rows) {
            samples.addAll(rows);
            return this;
        }

        /** Adds a paragraph under the title. */
        public Builder note(String text) {
            notes.add(Objects.requireNonNull(text, "text"));
            return this;
        }

        /** Replaces the footer text. */
        public Builder footer(String text) {
            this.footer = Objects.requireNonNull(text, "text");
            return this;
        }

        /** The report. */
        public HtmlReport build() {
            return new HtmlReport(this);
        }
    }

    /** A relative file path as a URL path: '/'-separated, each segment percent-encoded (RFC 3986). */
    static final class RelativeUrl {
        private RelativeUrl() {}

        static String of(Path relative) {
            StringBuilder url = new StringBuilder();
            for (int i = 0; i < relative.getNameCount(); i++) {
                if (i > 0) {
                    url.append('/');
                }
                url.append(encodeSegment(relative.getName(i).toString()));
            }
            return url.toString();
        }

        private static String encodeSegment(String segment) {
            StringBuilder out = new StringBuilder();
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                boolean unreserved = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '-'
                        || c == '.'
                        || c == '_'
                        || c == '~';
                if (unreserved) {
                    out.append((char) c);
                } else {
                    out.append('%')
                            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            return out.toString();
        }
    }
}
