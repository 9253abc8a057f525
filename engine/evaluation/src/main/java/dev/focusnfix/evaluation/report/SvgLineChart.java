package dev.focusnfix.evaluation.report;

import static dev.focusnfix.evaluation.report.ChartFrame.num;
import static dev.focusnfix.evaluation.tables.TextEscapes.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An inline SVG line chart of one or more {@link Series} (training curves: x = step). Axes are auto-scaled to round
 * tick values ({@link NiceScale}); a non-finite value breaks its line, and a point with no finite neighbour is drawn
 * as a dot, so a one-step run still shows. Points are joined in the order given. All text is escaped.
 *
 * <p>Structure, for tests and style sheets: each series is a {@code <g class="series">} holding one {@code
 * <polyline class="line">} per unbroken run of two or more points and one {@code <circle class="point">} per lone
 * point (plus {@code <circle class="marker">}s when {@link Builder#markers(boolean)} is on).
 */
public final class SvgLineChart {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final int width;
    private final int height;
    private final boolean integerX;
    private final boolean markers;
    private final List<Series> series;

    private SvgLineChart(Builder builder) {
        this.title = builder.title;
        this.xLabel = builder.xLabel;
        this.yLabel = builder.yLabel;
        this.width = builder.width;
        this.height = builder.height;
        this.integerX = builder.integerX;
        this.markers = builder.markers;
        this.series = List.copyOf(builder.series);
    }

    /** A chart with no series, 640 x 320 pixels. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The series drawn. */
    public List<Series> series() {
        return series;
    }

    /** The chart as a standalone {@code <svg>} element (well-formed XML, usable inline in HTML). */
    public String toSvg() {
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (Double.isFinite(s.xAt(i)) && Double.isFinite(s.yAt(i))) {
                    xLo = Math.min(xLo, s.xAt(i));
                    xHi = Math.max(xHi, s.xAt(i));
                    yLo = Math.min(yLo, s.yAt(i));
                    yHi = Math.max(yHi, s.yAt(i));
                }
            }
        }
        List<ChartFrame.LegendEntry> legend = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            legend.add(new ChartFrame.LegendEntry(series.get(i).name(), ChartFrame.color(i), true));
        }
        ChartFrame frame = new ChartFrame(
                width,
                height,
                title,
                xLabel,
                yLabel,
                ChartFrame.scaleOf(xLo, xHi, true, integerX),
                ChartFrame.scaleOf(yLo, yHi, false, false),
                legend,
                false);
        StringBuilder svg = new StringBuilder();
        frame.open(svg, "chart line-chart");
        if (xLo > xHi) {
            frame.appendMessage(svg, "no data");
        }
        for (int i = 0; i < series.size(); i++) {
            appendSeries(svg, frame, series.get(i), ChartFrame.color(i));
        }
        frame.close(svg);
        return svg.toString();
    }

    private void appendSeries(StringBuilder svg, ChartFrame frame, Series s, String color) {
        svg.append("<g class=\"series\" data-name=\"")
                .append(html(s.name()))
                .append("\" stroke=\"")
                .append(color)
                .append("\" fill=\"")
                .append(color)
                .append("\">\n");
        int i = 0;
        while (i < s.size()) {
            if (!finite(s, i)) {
                i++;
                continue;
            }
            int end = i;
            while (end + 1 < s.size() && finite(s, end + 1)) {
                end++;
            }
            if (end == i) {
                svg.append("<circle class=\"point\" cx=\"")
                        .append(num(frame.px(s.xAt(i))))
                        .append("\" cy=\"")
                        .append(num(frame.py(s.yAt(i))))
                        .append("\" r=\"3\" stroke=\"none\"/>\n");
            } else {
                svg.append("<polyline class=\"line\" fill=\"none\" stroke-width=\"1.5\""
                        + " stroke-linejoin=\"round\" points=\"");
                for (int j = i; j <= end; j++) {
                    if (j > i) {
                        svg.append(' ');
                    }
                    svg.append(num(frame.px(s.xAt(j)))).append(',').append(num(frame.py(s.yAt(j))));
                }
                svg.append("\"/>\n");
                if (markers) {
                    for (int j = i; j <= end; j++) {
                        svg.append("<circle class=\"marker\" cx=\"")
                                .append(num(frame.px(s.xAt(j))))
                                .append("\" cy=\"")
                                .append(num(frame.py(s.yAt(j))))
                                .append("\" r=\"2.5\" stroke=\"none\"/>\n");
                    }
                }
            }
            i = end + 1;
        }
        svg.append("</g>\n");
    }

    private static boolean finite(Series s, int i) {
        return Double.isFinite(s.xAt(i)) && Double.isFinite(s.yAt(i));
    }

    /** Configures a {@link SvgLineChart}: x-axis title {@code step} and 640 x 320 pixels unless set. */
    public static final class Builder extends ChartBuilder<Builder> {
        private boolean integerX;
        private boolean markers;
        private final List<Series> series = new ArrayList<>();

        private Builder(String title) {
            super(title, "step", 640, 320);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Whether x ticks are whole numbers at least 1 apart (training steps); default false. */
        public Builder integerX(boolean value) {
            this.integerX = value;
            return this;
        }

        /** Whether to draw a dot at every point, not only at lone ones; default false. */
        public Builder markers(boolean value) {
            this.markers = value;
            return this;
        }

        /** Adds a series; series are coloured in the order added. */
        public Builder series(Series value) {
            series.add(Objects.requireNonNull(value, "series"));
            return this;
        }

        /** The chart. */
        public SvgLineChart build() {
            return new SvgLineChart(this);
        }
    }
}
