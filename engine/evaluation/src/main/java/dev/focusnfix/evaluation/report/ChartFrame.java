package dev.focusnfix.evaluation.report;

import static dev.focusnfix.evaluation.tables.TextEscapes.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every chart shares: the SVG element, title, legend, plot area, grid, ticks and axis labels, and the mapping
 * from data to pixels. Text widths are estimated (no font metrics without a browser) from an average glyph width.
 */
final class ChartFrame {

    /** Tableau 10: distinguishable, and readable by most colour-blind readers. */
    private static final String[] PALETTE = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };

    private static final int FONT = 12;
    private static final int TITLE_FONT = 14;
    private static final double GLYPH_WIDTH = 0.6; // average sans-serif advance per font size unit
    private static final int LEGEND_ROW = 18;
    private static final int X_TICKS = 8;
    private static final int Y_TICKS = 6;

    /** One legend entry: a line swatch for line series, a dot for point series. */
    record LegendEntry(String name, String color, boolean line) {}

    private final int width;
    private final int height;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final NiceScale xScale;
    private final NiceScale yScale;
    private final List<LegendEntry> legend;
    private final List<List<LegendEntry>> legendRows;
    private final double left;
    private final double top;
    private final double plotWidth;
    private final double plotHeight;

    ChartFrame(
            int width,
            int height,
            String title,
            String xLabel,
            String yLabel,
            NiceScale xScale,
            NiceScale yScale,
            List<LegendEntry> legend,
            boolean footnote) {
        this.width = width;
        this.height = height;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xScale = xScale;
        this.yScale = yScale;
        this.legend = List.copyOf(legend);
        this.legendRows = layoutLegend();
        int widestYLabel = 0;
        for (double tick : yScale.ticks()) {
            widestYLabel = Math.max(widestYLabel, yScale.label(tick).length());
        }
        this.left = 8 + (yLabel.isEmpty() ? 0 : FONT + 8) + textWidth(widestYLabel, FONT) + 8;
        this.top = 28 + legendRows.size() * LEGEND_ROW + 8;
        double lastXLabelHalf = textWidth(xScale.label(xScale.max()).length(), FONT) / 2;
        double right = Math.max(16, lastXLabelHalf + 4);
        double bottom = FONT + 8 + (xLabel.isEmpty() ? 0 : FONT + 8) + 8 + (footnote ? 14 : 0);
        this.plotWidth = Math.max(10, width - left - right);
        this.plotHeight = Math.max(10, height - top - bottom);
    }

    /** The colour of the {@code index}-th series. */
    static String color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** Estimated width in pixels of {@code characters} glyphs at {@code fontSize}. */
    static double textWidth(int characters, int fontSize) {
        return characters * fontSize * GLYPH_WIDTH;
    }

    /** A scale around the finite values, or [0, 1] when there are none. */
    static NiceScale scaleOf(double lo, double hi, boolean axisX, boolean integerSteps) {
        if (!(lo <= hi)) {
            return new NiceScale(0, 1, 0.2);
        }
        return NiceScale.of(lo, hi, axisX ? X_TICKS : Y_TICKS, integerSteps);
    }

    /** The pixel column of {@code x}. */
    double px(double x) {
        return left + xScale.fraction(x) * plotWidth;
    }

    /** The pixel row of {@code y} (SVG rows grow downwards). */
    double py(double y) {
        return top + (1 - yScale.fraction(y)) * plotHeight;
    }

    double plotLeft() {
        return left;
    }

    double plotBottom() {
        return top + plotHeight;
    }

    double plotRight() {
        return left + plotWidth;
    }

    /** Opens the {@code <svg>} and draws everything but the data. */
    void open(StringBuilder svg, String cssClass) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"")
                .append(html(cssClass))
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(html(title))
                .append("\" font-family=\"sans-serif\"" + " font-size=\"")
                .append(FONT)
                .append("\">\n");
        svg.append("<title>").append(html(title)).append("</title>\n");
        svg.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" fill=\"#ffffff\"/>\n");
        svg.append("<text class=\"chart-title\" x=\"")
                .append(num(width / 2.0))
                .append("\" y=\"20\"" + " text-anchor=\"middle\" font-size=\"")
                .append(TITLE_FONT)
                .append("\" font-weight=\"bold\">")
                .append(html(title))
                .append("</text>\n");
        appendLegend(svg);
        appendGridAndTicks(svg);
        appendAxisLabels(svg);
    }

    /** Writes {@code message} in the middle of the plot area (for charts without data). */
    void appendMessage(StringBuilder svg, String message) {
        svg.append("<text class=\"message\" x=\"")
                .append(num(left + plotWidth / 2))
                .append("\" y=\"")
                .append(num(top + plotHeight / 2))
                .append("\" text-anchor=\"middle\" fill=\"#666666\">")
                .append(html(message))
                .append("</text>\n");
    }

    /**
     * Writes a small note under the plot, at the left (e.g. how many points could not be drawn); the frame must have
     * been made with room for it.
     */
    void appendFootnote(StringBuilder svg, String note) {
        svg.append("<text class=\"footnote\" x=\"8\" y=\"")
                .append(height - 4)
                .append("\" font-size=\"10\" fill=\"#666666\">")
                .append(html(note))
                .append("</text>\n");
    }

    /** Closes the {@code <svg>}. */
    void close(StringBuilder svg) {
        svg.append("</svg>\n");
    }

    private List<List<LegendEntry>> layoutLegend() {
        List<List<LegendEntry>> rows = new ArrayList<>();
        List<LegendEntry> row = new ArrayList<>();
        double x = 8;
        for (LegendEntry entry : legend) {
            double entryWidth = legendEntryWidth(entry);
            if (!row.isEmpty() && x + entryWidth > width - 8) {
                rows.add(row);
                row = new ArrayList<>();
                x = 8;
            }
            row.add(entry);
            x += entryWidth;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static double legendEntryWidth(LegendEntry entry) {
        return 20 + 6 + textWidth(entry.name().codePointCount(0, entry.name().length()), FONT) + 16;
    }

    private void appendLegend(StringBuilder svg) {
        if (legend.isEmpty()) {
            return;
        }
        svg.append("<g class=\"legend\">\n");
        for (int r = 0; r < legendRows.size(); r++) {
            List<LegendEntry> row = legendRows.get(r);
            double rowWidth =
                    row.stream().mapToDouble(ChartFrame::legendEntryWidth).sum() - 16;
            double x = Math.max(8, (width - rowWidth) / 2);
            double y = 28 + r * LEGEND_ROW + LEGEND_ROW / 2.0;
            for (LegendEntry entry : row) {
                if (entry.line()) {
                    svg.append("<line x1=\"")
                            .append(num(x))
                            .append("\" y1=\"")
                            .append(num(y))
                            .append("\" x2=\"")
                            .append(num(x + 20))
                            .append("\" y2=\"")
                            .append(num(y))
                            .append("\" stroke=\"")
                            .append(entry.color())
                            .append("\" stroke-width=\"2\"/>");
                } else {
                    svg.append("<circle cx=\"")
                            .append(num(x + 10))
                            .append("\" cy=\"")
                            .append(num(y))
                            .append("\" r=\"4\" fill=\"")
                            .append(entry.color())
                            .append("\"/>");
                }
                svg.append("<text x=\"")
                        .append(num(x + 26))
                        .append("\" y=\"")
                        .append(num(y + 4))
                        .append("\">")
                        .append(html(entry.name()))
                        .append("</text>\n");
                x += legendEntryWidth(entry);
            }
        }
        svg.append("</g>\n");
    }

    private void appendGridAndTicks(StringBuilder svg) {
        double bottom = plotBottom();
        double right = plotRight();
        svg.append("<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n");
        for (double tick : xScale.ticks()) {
            svg.append("<line x1=\"")
                    .append(num(px(tick)))
                    .append("\" y1=\"")
                    .append(num(top))
                    .append("\" x2=\"")
                    .append(num(px(tick)))
                    .append("\" y2=\"")
                    .append(num(bottom))
                    .append("\"/>\n");
        }
        for (double tick : yScale.ticks()) {
            svg.append("<line x1=\"")
                    .append(num(left))
                    .append("\" y1=\"")
                    .append(num(py(tick)))
                    .append("\" x2=\"")
                    .append(num(right))
                    .append("\" y2=\"")
                    .append(num(py(tick)))
                    .append("\"/>\n");
        }
        svg.append("</g>\n");
        svg.append("<g class=\"axes\" stroke=\"#555555\" stroke-width=\"1\">\n");
        svg.append("<line x1=\"")
                .append(num(left))
                .append("\" y1=\"")
                .append(num(bottom))
                .append("\" x2=\"")
                .append(num(right))
                .append("\" y2=\"")
                .append(num(bottom))
                .append("\"/>\n");
        svg.append("<line x1=\"")
                .append(num(left))
                .append("\" y1=\"")
                .append(num(top))
                .append("\" x2=\"")
                .append(num(left))
                .append("\" y2=\"")
                .append(num(bottom))
                .append("\"/>\n");
        svg.append("</g>\n");
        svg.append("<g class=\"x-ticks\" text-anchor=\"middle\" fill=\"#333333\">\n");
        for (double tick : xScale.ticks()) {
            svg.append("<text x=\"")
                    .append(num(px(tick)))
                    .append("\" y=\"")
                    .append(num(bottom + FONT + 4))
                    .append("\">")
                    .append(html(xScale.label(tick)))
                    .append("</text>\n");
        }
        svg.append("</g>\n");
        svg.append("<g class=\"y-ticks\" text-anchor=\"end\" fill=\"#333333\">\n");
        for (double tick : yScale.ticks()) {
            svg.append("<text x=\"")
                    .append(num(left - 6))
                    .append("\" y=\"")
                    .append(num(py(tick) + 4))
                    .append("\">")
                    .append(html(yScale.label(tick)))
                    .append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private void appendAxisLabels(StringBuilder svg) {
        if (!xLabel.isEmpty()) {
            svg.append("<text class=\"x-label\" x=\"")
                    .append(num(left + plotWidth / 2))
                    .append("\" y=\"")
                    .append(num(plotBottom() + 2 * FONT + 12))
                    .append("\" text-anchor=\"middle\">")
                    .append(html(xLabel))
                    .append("</text>\n");
        }
        if (!yLabel.isEmpty()) {
            double x = 8 + FONT;
            double y = top + plotHeight / 2;
            svg.append("<text class=\"y-label\" x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(num(y))
                    .append("\" text-anchor=\"middle\" transform=\"rotate(-90 ")
                    .append(num(x))
                    .append(' ')
                    .append(num(y))
                    .append(")\">")
                    .append(html(yLabel))
                    .append("</text>\n");
        }
    }

    /** A pixel coordinate with at most two decimals and no trailing zeros, locale-independent. */
    static String num(double value) {
        long hundredths = Math.round(value * 100);
        if (hundredths % 100 == 0) {
            return Long.toString(hundredths / 100);
        }
        String sign = hundredths < 0 ? "-" : "";
        long magnitude = Math.abs(hundredths);
        long fraction = magnitude % 100;
        String decimals =
                fraction % 10 == 0 ? Long.toString(fraction / 10) : String.format(Locale.ROOT, "%02d", fraction);
        return sign + (magnitude / 100) + "." + decimals;
    }
}
