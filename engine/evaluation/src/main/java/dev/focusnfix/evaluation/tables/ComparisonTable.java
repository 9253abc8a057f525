package dev.focusnfix.evaluation.tables;

import dev.focusnfix.api.FineTuner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A table of results, rows = runs or methods, columns = metrics, rendered as aligned Markdown, CSV (RFC 4180) or an
 * HTML table. Cells are strings in text columns and {@link Number}s in number columns; {@code null} or NaN is
 * missing. How a number is shown is the column's business (see {@link Column}).
 *
 * <p>{@link #ofMethods(List)} builds the comparison of the paper's Tables 3/4 from {@link MethodResult}s.
 */
public final class ComparisonTable {

    private final List<Column> columns;
    private final List<List<Object>> rows;

    private ComparisonTable(List<Column> columns, List<List<Object>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    /** A table with these columns and no rows yet. */
    public static Builder builder(Column... columns) {
        return new Builder(Arrays.asList(columns));
    }

    /** A table with these columns and no rows yet. */
    public static Builder builder(List<Column> columns) {
        return new Builder(columns);
    }

    /**
     * The method comparison: method, one column per tuner parameter (in first-seen order: {@code β}, {@code K},
     * {@code lambda}, ...; a run whose tuner lacks one shows it missing), reward before, reward after, gain, PSNR,
     * SSIM, LPIPS, PSNR outside and inside the mask, improve %, degrade %, then one column per other reward's change
     * (in first-seen order). Columns that no row has a value for are left out, so a table of automatic metrics only
     * has no empty preference columns.
     */
    public static ComparisonTable ofMethods(List<MethodResult> results) {
        Set<String> parameters = new LinkedHashSet<>();
        Set<String> otherRewards = new LinkedHashSet<>();
        for (MethodResult result : results) {
            parameters.addAll(result.parameters().keySet());
            otherRewards.addAll(result.otherRewardChange().keySet());
        }
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("Method"));
        for (String parameter : parameters) {
            columns.add(Column.exact(parameterHeader(parameter)));
        }
        columns.addAll(List.of(
                Column.significant("Reward before", 4),
                Column.significant("Reward after", 4),
                Column.significant("Gain", 4).withSign(),
                Column.fixed("PSNR", 2),
                Column.fixed("SSIM", 3),
                Column.fixed("LPIPS", 3),
                Column.fixed("PSNR outside mask", 2),
                Column.fixed("PSNR inside mask", 2),
                Column.percent("Improve %", 1),
                Column.percent("Degrade %", 1)));
        for (String reward : otherRewards) {
            columns.add(Column.significant("Δ " + reward, 3).withSign());
        }
        Builder table = builder(columns);
        for (MethodResult r : results) {
            List<Object> row = new ArrayList<>();
            row.add(r.method());
            for (String parameter : parameters) {
                row.add(r.parameter(parameter));
            }
            row.addAll(List.of(
                    r.rewardBefore(),
                    r.rewardAfter(),
                    r.gain(),
                    r.psnr(),
                    r.ssim(),
                    r.lpips(),
                    r.psnrOutsideMask(),
                    r.psnrInsideMask(),
                    r.improveRate(),
                    r.degradeRate()));
            for (String reward : otherRewards) {
                Double change = r.otherRewardChange().get(reward);
                row.add(change == null ? Double.NaN : change);
            }
            table.row(row);
        }
        return table.build().withoutEmptyColumns();
    }

    /** A parameter's column header: {@code β} for the constraint weight (as the paper writes it), else its name. */
    private static String parameterHeader(String name) {
        return name.equals(FineTuner.BETA) ? "β" : name;
    }

    /** The columns. */
    public List<Column> columns() {
        return columns;
    }

    /** The rows, each with one cell per column. */
    public List<List<Object>> rows() {
        return rows;
    }

    /** This table without the columns in which every row is missing (kept if there are no rows). */
    public ComparisonTable withoutEmptyColumns() {
        if (rows.isEmpty()) {
            return this;
        }
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            final int column = c;
            if (rows.stream().anyMatch(row -> !Column.isMissing(row.get(column)))) {
                kept.add(c);
            }
        }
        List<Column> keptColumns = kept.stream().map(columns::get).toList();
        List<List<Object>> keptRows = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> keptRow = new ArrayList<>();
            for (int c : kept) {
                keptRow.add(row.get(c));
            }
            keptRows.add(Collections.unmodifiableList(keptRow));
        }
        return new ComparisonTable(keptColumns, keptRows);
    }

    /**
     * GitHub-flavoured Markdown: every column padded to its widest cell, text left-aligned, numbers right-aligned
     * (with the matching {@code :---} / {@code ---:} marker), one line per row, each line ending in a newline.
     */
    public String toMarkdown() {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns.stream()
                .map(column -> TextEscapes.markdownCell(column.header()))
                .toList());
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                line.add(TextEscapes.markdownCell(columns.get(c).format(row.get(c))));
            }
            cells.add(line);
        }
        int[] widths = new int[columns.size()];
        Arrays.fill(widths, 3); // the shortest alignment marker, ":--"
        for (List<String> line : cells) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], displayWidth(line.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        appendMarkdownLine(out, cells.get(0), widths);
        out.append('|');
        for (int c = 0; c < widths.length; c++) {
            String dashes = "-".repeat(widths[c] - 1);
            out.append(' ')
                    .append(columns.get(c).numeric() ? dashes + ":" : ":" + dashes)
                    .append(" |");
        }
        out.append('\n');
        for (List<String> line : cells.subList(1, cells.size())) {
            appendMarkdownLine(out, line, widths);
        }
        return out.toString();
    }

    private void appendMarkdownLine(StringBuilder out, List<String> line, int[] widths) {
        out.append('|');
        for (int c = 0; c < widths.length; c++) {
            String cell = line.get(c);
            String padding = " ".repeat(widths[c] - displayWidth(cell));
            out.append(' ')
                    .append(columns.get(c).numeric() ? padding + cell : cell + padding)
                    .append(" |");
        }
        out.append('\n');
    }

    /** Width in code points, so that a "β" counts as one column like any letter. */
    private static int displayWidth(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * CSV after RFC 4180: a header line, then one line per row, lines ending in CRLF, fields quoted where needed.
     * Numbers are at full precision, infinities are {@code inf}/{@code -inf}, and missing values are empty fields
     * (not {@code -}), so that spreadsheet and data-frame readers parse the columns as numbers.
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder();
        appendCsvLine(out, columns.stream().map(Column::header).toList());
        for (List<Object> row : rows) {
            List<String> fields = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                fields.add(columns.get(c).exact(row.get(c)));
            }
            appendCsvLine(out, fields);
        }
        return out.toString();
    }

    private static void appendCsvLine(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(TextEscapes.csvField(fields.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * An HTML {@code <table class="comparison">} with a {@code <thead>} and a {@code <tbody>}; number cells carry
     * {@code class="num"} so that a style sheet can right-align them. Text is HTML-escaped.
     */
    public String toHtml() {
        StringBuilder out = new StringBuilder("<table class=\"comparison\">\n<thead>\n<tr>");
        for (Column column : columns) {
            out.append(column.numeric() ? "<th class=\"num\">" : "<th>")
                    .append(TextEscapes.html(column.header()))
                    .append("</th>");
        }
        out.append("</tr>\n</thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            out.append("<tr>");
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                out.append(column.numeric() ? "<td class=\"num\">" : "<td>")
                        .append(TextEscapes.html(column.format(row.get(c))))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** Collects rows for a {@link ComparisonTable}. */
    public static final class Builder {
        private final List<Column> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        private Builder(List<Column> columns) {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("a table needs at least one column");
            }
            columns.forEach(column -> Objects.requireNonNull(column, "column"));
            this.columns = List.copyOf(columns);
        }

        /** Adds a row: one cell per column, a string for text columns, a number (or null/NaN) for number columns. */
        public Builder row(Object... cells) {
            return row(Arrays.asList(cells));
        }

        /** Adds a row: one cell per column, a string for text columns, a number (or null/NaN) for number columns. */
        public Builder row(List<?> cells) {
            if (cells.size() != columns.size()) {
                throw new IllegalArgumentException("row " + rows.size() + " has " + cells.size()
                        + " cells but the table has " + columns.size() + " columns "
                        + columns.stream().map(Column::header).toList());
            }
            for (int c = 0; c < cells.size(); c++) {
                Object cell = cells.get(c);
                Column column = columns.get(c);
                if (cell != null && column.numeric() && !(cell instanceof Number)) {
                    throw new IllegalArgumentException("row " + rows.size() + ", column '" + column.header()
                            + "': expected a number, got " + cell.getClass().getSimpleName() + " '" + cell + "'");
                }
            }
            rows.add(Collections.unmodifiableList(new ArrayList<>(cells)));
            return this;
        }

        /** The table. */
        public ComparisonTable build() {
            return new ComparisonTable(columns, rows);
        }
    }
}
