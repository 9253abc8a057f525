package dev.focusnfix.evaluation.report;

import java.util.Objects;

/**
 * A chart ready for a report: its caption and its inline {@code <svg>} markup.
 *
 * @param caption the text under the chart
 * @param svg the chart, a complete {@code <svg>} element
 */
public record Figure(String caption, String svg) {

    /** Validates the figure. */
    public Figure {
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(svg, "svg");
        if (!svg.stripLeading().startsWith("<svg")) {
            throw new IllegalArgumentException("figure '" + caption + "': svg must be an <svg> element");
        }
    }
}
