package dev.focusnfix.evaluation.report;

import java.util.Objects;

/**
 * The settings every chart builder has: the title, the axis titles and the size in pixels.
 *
 * @param <B> the concrete builder, returned by the setters so that calls chain
 */
public abstract class ChartBuilder<B extends ChartBuilder<B>> {

    final String title;
    String xLabel;
    String yLabel = "";
    int width;
    int height;

    ChartBuilder(String title, String xLabel, int width, int height) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = xLabel;
        this.width = width;
        this.height = height;
    }

    /** The x-axis title (empty for none). */
    public final B xLabel(String label) {
        this.xLabel = Objects.requireNonNull(label, "label");
        return self();
    }

    /** The y-axis title (default none). */
    public final B yLabel(String label) {
        this.yLabel = Objects.requireNonNull(label, "label");
        return self();
    }

    /** The size in pixels, at least 120 x 80. */
    public final B size(int widthPixels, int heightPixels) {
        if (widthPixels < 120 || heightPixels < 80) {
            throw new IllegalArgumentException(
                    "a chart needs at least 120 x 80 pixels, got " + widthPixels + " x " + heightPixels);
        }
        this.width = widthPixels;
        this.height = heightPixels;
        return self();
    }

    abstract B self();
}
