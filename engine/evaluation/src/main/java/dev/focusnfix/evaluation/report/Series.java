package dev.focusnfix.evaluation.report;

import java.util.Objects;

/**
 * One named data series: {@code y[i]} at {@code x[i]}. A non-finite value (NaN, infinity) in either array is a gap:
 * charts break the line there.
 *
 * @param name the legend text
 * @param x the abscissae (training steps for curves)
 * @param y the values
 */
public record Series(String name, double[] x, double[] y) {

    /** Validates the lengths and copies the arrays, so that a series never changes after it was made. */
    public Series {
        Objects.requireNonNull(name, "name");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    /** The number of entries, gaps included. */
    public int size() {
        return x.length;
    }

    /** The number of entries with a finite x and y. */
    public int finiteCount() {
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                count++;
            }
        }
        return count;
    }

    /** A copy of the abscissae. */
    @Override
    public double[] x() {
        return x.clone();
    }

    /** A copy of the values. */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** {@code x(i)} without copying. */
    public double xAt(int i) {
        return x[i];
    }

    /** {@code y(i)} without copying. */
    public double yAt(int i) {
        return y[i];
    }

    /** The same series under another name. */
    public Series named(String newName) {
        return new Series(newName, x, y);
    }

    /** The series with every value multiplied by {@code factor} (e.g. bytes to MiB). */
    public Series scaled(double factor) {
        double[] scaled = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            scaled[i] = y[i] * factor;
        }
        return new Series(name, x, scaled);
    }

    /**
     * An exponential moving average {@code s_i = w s_(i-1) + (1 - w) y_i}, bias-corrected like TensorBoard's
     * smoothing so that the start is not pulled towards zero; gaps stay gaps and do not reset the average.
     */
    public Series smoothed(String newName, double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        double[] smooth = new double[y.length];
        double average = 0;
        double normaliser = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                average = weight * average + (1 - weight) * y[i];
                normaliser = weight * normaliser + (1 - weight);
                smooth[i] = average / normaliser;
            } else {
                smooth[i] = Double.NaN;
            }
        }
        return new Series(newName, x, smooth);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series s
                && name.equals(s.name)
                && java.util.Arrays.equals(x, s.x)
                && java.util.Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, java.util.Arrays.hashCode(x), java.util.Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + x.length + " points]";
    }
}
