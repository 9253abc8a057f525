package dev.focusnfix.evaluation.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The training curves of a run from its {@link MetricsLog}: reward, constraint, objective, gradient norm, learning
 * rate and memory, one chart each, against the step. A curve the log has no data for is left out. Noisy curves
 * (reward, objective) get an exponential moving average drawn over them once there are enough steps to need one.
 */
public final class TrainingCurves {

    /** Smoothing weight of the moving average (as TensorBoard's smoothing slider). */
    public static final double SMOOTHING = 0.9;
    /** Runs shorter than this are shown without a moving average. */
    public static final int SMOOTHING_MIN_POINTS = 20;

    private static final double MIB = 1.0 / (1024 * 1024);

    private TrainingCurves() {}

    /** The figures, in the order reward, constraint, objective, gradient norm, learning rate, memory. */
    public static List<Figure> of(MetricsLog log) {
        List<Figure> figures = new ArrayList<>();
        addCurve(figures, log, MetricsLog.REWARD, "Reward", "reward", true);
        addCurve(figures, log, MetricsLog.CONSTRAINT, "Constraint ||(1 − M) ⊙ (I₀ − I)||_F", "constraint", false);
        addCurve(figures, log, MetricsLog.OBJECTIVE, "Objective (reward − β · constraint)", "objective", true);
        addCurve(figures, log, MetricsLog.GRAD_NORM, "Gradient norm", "L2 norm", false);
        addCurve(figures, log, MetricsLog.LEARNING_RATE, "Learning rate", "learning rate", false);
        if (log.hasData(MetricsLog.HEAP_BYTES) || log.hasData(MetricsLog.RSS_BYTES)) {
            SvgLineChart.Builder chart =
                    SvgLineChart.builder("Memory").yLabel("MiB").integerX(true);
            if (log.hasData(MetricsLog.HEAP_BYTES)) {
                chart.series(log.series(MetricsLog.HEAP_BYTES).scaled(MIB).named("JVM heap"));
            }
            if (log.hasData(MetricsLog.RSS_BYTES)) {
                chart.series(log.series(MetricsLog.RSS_BYTES).scaled(MIB).named("process RSS"));
            }
            figures.add(new Figure(
                    "Memory (MiB) against training step", chart.build().toSvg()));
        }
        return figures;
    }

    private static void addCurve(
            List<Figure> figures, MetricsLog log, String field, String title, String yLabel, boolean smooth) {
        if (!log.hasData(field)) {
            return;
        }
        Series raw = log.series(field);
        SvgLineChart.Builder chart = SvgLineChart.builder(title)
                .yLabel(yLabel)
                .integerX(true)
                .markers(raw.finiteCount() <= 30)
                .series(raw);
        if (smooth && raw.finiteCount() >= SMOOTHING_MIN_POINTS) {
            chart.series(raw.smoothed(field + " (moving average)", SMOOTHING));
        }
        figures.add(new Figure(
                title + " against training step (" + field + ")", chart.build().toSvg()));
    }
}
