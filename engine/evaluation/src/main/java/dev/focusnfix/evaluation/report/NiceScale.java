package dev.focusnfix.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An axis range widened to round tick values: ticks at {@code min, min + step, ..., max} where the step is 1, 2 or 5
 * times a power of ten (Heckbert's "nice numbers", Graphics Gems, 1990). A degenerate range (one value) is widened
 * around that value so that a single point still sits inside the axis.
 *
 * @param min the first tick, at or below the data
 * @param max the last tick, at or above the data
 * @param step the distance between ticks
 */
public record NiceScale(double min, double max, double step) {

    /** Validates the scale. */
    public NiceScale {
        if (!(Double.isFinite(min) && Double.isFinite(max) && Double.isFinite(step) && step > 0 && max > min)) {
            throw new IllegalArgumentException(
                    "a scale needs finite min < max and step > 0, got min=" + min + " max=" + max + " step=" + step);
        }
    }

    /** A scale covering {@code [lo, hi]} with about {@code maxTicks} ticks (at least 2). */
    public static NiceScale of(double lo, double hi, int maxTicks) {
        return of(lo, hi, maxTicks, false);
    }

    /**
     * A scale covering {@code [lo, hi]} with about {@code maxTicks} ticks; with {@code integerSteps} the step is at
     * least 1 (for training steps, which are whole numbers).
     */
    public static NiceScale of(double lo, double hi, int maxTicks, boolean integerSteps) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("scale bounds must be finite, got [" + lo + ", " + hi + "]");
        }
        if (maxTicks < 2) {
            throw new IllegalArgumentException("a scale needs at least 2 ticks, got " + maxTicks);
        }
        if (lo > hi) {
            double swap = lo;
            lo = hi;
            hi = swap;
        }
        if (lo == hi) {
            double pad = integerSteps ? 1 : (lo == 0 ? 1 : Math.abs(lo) * 0.1);
            lo -= pad;
            hi += pad;
        }
        double range = niceNumber(hi - lo, false);
        double step = niceNumber(range / (maxTicks - 1), true);
        if (integerSteps && step < 1) {
            step = 1;
        }
        // the tolerance keeps 2e-5 / 5e-6 = 4.000000000000001 from adding a whole empty step
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        if (max <= min) { // range below the double resolution of its magnitude
            max = min + step;
        }
        return new NiceScale(min, max, step);
    }

    /** 1, 2, 5 or 10 times a power of ten near {@code x}: rounded to the nearest, or the next one up. */
    static double niceNumber(double x, boolean round) {
        double exponent = Math.floor(Math.log10(x));
        double power = Math.pow(10, exponent);
        double fraction = x / power;
        double nice;
        if (round) {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        }
        return nice * power;
    }

    /** The tick values from {@link #min()} to {@link #max()}, snapped to multiples of the step. */
    public List<Double> ticks() {
        long first = Math.round(min / step);
        long count = Math.round((max - min) / step);
        List<Double> ticks = new ArrayList<>();
        for (long i = 0; i <= count; i++) {
            double tick = (first + i) * step;
            ticks.add(tick == 0 ? 0.0 : tick); // no "-0"
        }
        return ticks;
    }

    /** Where {@code value} falls in the scale: 0 at {@link #min()}, 1 at {@link #max()}. */
    public double fraction(double value) {
        return (value - min) / (max - min);
    }

    /**
     * A tick label with just enough digits to tell neighbouring ticks apart: fixed-point ({@code 0.25},
     * {@code 1500}), or scientific ({@code 1.5e-5}) for very small or very large values.
     */
    public String label(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        int stepExponent = (int) Math.floor(Math.log10(step) + 1e-9);
        if (magnitude >= 1e6 || (magnitude < 1e-2 && stepExponent < -3)) {
            int valueExponent = (int) Math.floor(Math.log10(magnitude) + 1e-9);
            int digits = Math.max(1, valueExponent - stepExponent + 1);
            String text = String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
            int e = text.indexOf('e');
            String mantissa = text.substring(0, e);
            if (mantissa.contains(".")) {
                mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return mantissa + "e" + Integer.parseInt(text.substring(e + 1));
        }
        int decimals = Math.max(0, -stepExponent);
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
