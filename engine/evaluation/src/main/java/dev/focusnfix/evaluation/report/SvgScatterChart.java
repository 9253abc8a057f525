package dev.focusnfix.evaluation.report;

import static dev.focusnfix.evaluation.report.ChartFrame.num;
import static dev.focusnfix.evaluation.tables.TextEscapes.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An inline SVG scatter chart of labelled points, optionally joined by a line in the order given (the beta sweep:
 * reward gain against PSNR, one point per beta, each labelled with its beta). Points with a non-finite coordinate
 * (the infinite PSNR of an unchanged image) cannot be placed: they are left out and counted in a footnote.
 *
 * <p>Structure: each series is a {@code <g class="series">} with an optional {@code <polyline class="line">}, one
 * {@code <circle class="point">} per drawn point (its {@code <title>} gives the exact values as a tooltip) and one
 * {@code <text class="point-label">} per labelled point.
 */
public final class SvgScatterChart {

    /**
     * One point.
     *
     * @param x the abscissa
     * @param y the ordinate
     * @param label the text next to the point (empty for none)
     */
    public record LabelledPoint(double x, double y, String label) {
        /** Validates the label. */
        public LabelledPoint {
            Objects.requireNonNull(label, "label");
        }
    }

    private record PointSeries(String name, List<LabelledPoint> points) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final int width;
    private final int height;
    private final boolean connect;
    private final List<PointSeries> series;

    private SvgScatterChart(Builder builder) {
        this.title = builder.title;
        this.xLabel = builder.xLabel;
        this.yLabel = builder.yLabel;
        this.width = builder.width;
        this.height = builder.height;
        this.connect = builder.connect;
        this.series = List.copyOf(builder.series);
    }

    /** A chart with no points, 480 x 360 pixels. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The chart as a standalone {@code <svg>} element (well-formed XML, usable inline in HTML). */
    public String toSvg() {
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        int skipped = 0;
        for (PointSeries s : series) {
            for (LabelledPoint p : s.points()) {
                if (drawable(p)) {
                    xLo = Math.min(xLo, p.x());
                    xHi = Math.max(xHi, p.x());
                    yLo = Math.min(yLo, p.y());
                    yHi = Math.max(yHi, p.y());
                } else {
                    skipped++;
                }
            }
        }
        List<ChartFrame.LegendEntry> legend = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            legend.add(new ChartFrame.LegendEntry(series.get(i).name(), ChartFrame.color(i), connect));
        }
        ChartFrame frame = new ChartFrame(
                width,
                height,
                title,
                xLabel,
                yLabel,
                ChartFrame.scaleOf(xLo, xHi, true, false),
                ChartFrame.scaleOf(yLo, yHi, false, false),
                legend,
                skipped > 0);
        StringBuilder svg = new StringBuilder();
        frame.open(svg, "chart scatter-chart");
        if (xLo > xHi) {
            frame.appendMessage(svg, "no data");
        }
        for (int i = 0; i < series.size(); i++) {
            appendSeries(svg, frame, series.get(i), ChartFrame.color(i));
        }
        if (skipped > 0) {
            frame.appendFootnote(
                    svg,
                    skipped + (skipped == 1 ? " point" : " points")
                            + " not shown: a value is not finite (e.g. infinite PSNR of an unchanged image)");
        }
        frame.close(svg);
        return svg.toString();
    }

    private void appendSeries(StringBuilder svg, ChartFrame frame, PointSeries s, String color) {
        svg.append("<g class=\"series\" data-name=\"")
                .append(html(s.name()))
                .append("\" fill=\"")
                .append(color)
                .append("\">\n");
        List<LabelledPoint> drawn =
                s.points().stream().filter(SvgScatterChart::drawable).toList();
        if (connect && drawn.size() >= 2) {
            svg.append("<polyline class=\"line\" fill=\"none\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"1.5\" stroke-opacity=\"0.6\" points=\"");
            for (int j = 0; j < drawn.size(); j++) {
                if (j > 0) {
                    svg.append(' ');
                }
                svg.append(num(frame.px(drawn.get(j).x())))
                        .append(',')
                        .append(num(frame.py(drawn.get(j).y())));
            }
            svg.append("\"/>\n");
        }
        for (LabelledPoint p : drawn) {
            double cx = frame.px(p.x());
            double cy = frame.py(p.y());
            svg.append("<circle class=\"point\" cx=\"")
                    .append(num(cx))
                    .append("\" cy=\"")
                    .append(num(cy))
                    .append("\" r=\"4\"><title>")
                    .append(html(tooltip(p)))
                    .append("</title></circle>\n");
            if (!p.label().isEmpty()) {
                // labels right of the point, or left of it near the right edge so they stay inside the chart
                double labelWidth = ChartFrame.textWidth(
                        p.label().codePointCount(0, p.label().length()), 11);
                boolean flip = cx + 7 + labelWidth > width - 4;
                svg.append("<text class=\"point-label\" x=\"")
                        .append(num(flip ? cx - 7 : cx + 7))
                        .append("\" y=\"")
                        .append(num(cy - 6))
                        .append("\" font-size=\"11\" fill=\"#333333\"")
                        .append(flip ? " text-anchor=\"end\"" : "")
                        .append('>')
                        .append(html(p.label()))
                        .append("</text>\n");
            }
        }
        svg.append("</g>\n");
    }

    private String tooltip(LabelledPoint p) {
        String values = (xLabel.isEmpty() ? "x" : xLabel) + " " + p.x() + ", " + (yLabel.isEmpty() ? "y" : yLabel) + " "
                + p.y();
        return p.label().isEmpty() ? values : p.label() + ": " + values;
    }

    private static boolean drawable(LabelledPoint p) {
        return Double.isFinite(p.x()) && Double.isFinite(p.y());
    }

    /** Configures a {@link SvgScatterChart}: no axis titles and 480 x 360 pixels unless set. */
    public static final class Builder extends ChartBuilder<Builder> {
        private boolean connect;
        private final List<PointSeries> series = new ArrayList<>();

        private Builder(String title) {
            super(title, "", 480, 360);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Whether to join each series' drawable points by a line, in the order given; default false. */
        public Builder connect(boolean value) {
            this.connect = value;
            return this;
        }

        /** Adds a series of points; series are coloured in the order added. */
        public Builder series(String name, List<LabelledPoint> points) {
            series.add(new PointSeries(Objects.requireNonNull(name, "name"), List.copyOf(points)));
            return this;
        }

        /** The chart. */
        public SvgScatterChart build() {
            return new SvgScatterChart(this);
        }
    }
}
