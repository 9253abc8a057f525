package dev.focusnfix.evaluation.tables;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;

/**
 * One column of a {@link ComparisonTable}: its header and how its cells are shown.
 *
 * <p>Text columns hold strings; number columns hold {@link Number}s shown with a fixed number of decimals, a number
 * of significant digits, or as a percentage of a fraction ({@code 0.69} shows as {@code 69.0}). Everywhere a missing
 * value ({@code null} or NaN) shows as {@code -} and an infinite one (the PSNR of identical images) as {@code inf}.
 * Rounding is half-up on the shortest decimal form of the number. {@link #exact(Object)} gives the full-precision text that CSV files carry instead.
 *
 * @param header the column title
 * @param kind how numbers are shown
 * @param digits decimals for {@link Kind#FIXED} and {@link Kind#PERCENT}, significant digits for {@link
 *     Kind#SIGNIFICANT}; ignored for text
 * @param signed whether positive numbers get a {@code +} (for differences such as a reward gain)
 */
public record Column(String header, Kind kind, int digits, boolean signed) {

    /** Shown for a missing value in Markdown and HTML. */
    public static final String MISSING = "-";

    /** How a column shows its values. */
    public enum Kind {
        /** Free text, left-aligned. */
        TEXT,
        /** Numbers with a fixed number of decimals. */
        FIXED,
        /**
         * Numbers rounded to a number of significant digits, trailing zeros dropped (scientific notation below 1e-3
         * or from 1e6).
         */
        SIGNIFICANT,
        /** Numbers as the shortest decimal that reads back exactly (parameters such as beta = 0.0005). */
        EXACT,
        /** Fractions shown as percentages with a fixed number of decimals. */
        PERCENT
    }

    /** Validates the column. */
    public Column {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(kind, "kind");
        if (digits < 0 || digits > 17) {
            throw new IllegalArgumentException("column '" + header + "': digits must be in [0, 17], got " + digits);
        }
        if (kind == Kind.SIGNIFICANT && digits == 0) {
            throw new IllegalArgumentException("column '" + header + "': significant digits must be at least 1");
        }
    }

    /** A text column. */
    public static Column text(String header) {
        return new Column(header, Kind.TEXT, 0, false);
    }

    /** A number column with {@code decimals} digits after the point. */
    public static Column fixed(String header, int decimals) {
        return new Column(header, Kind.FIXED, decimals, false);
    }

    /** A number column rounded to {@code digits} significant digits. */
    public static Column significant(String header, int digits) {
        return new Column(header, Kind.SIGNIFICANT, digits, false);
    }

    /** A number column showing each value's shortest exact decimal form ({@code 0.0005}, {@code 0}). */
    public static Column exact(String header) {
        return new Column(header, Kind.EXACT, 0, false);
    }

    /** A column of fractions shown as percentages with {@code decimals} digits after the point. */
    public static Column percent(String header, int decimals) {
        return new Column(header, Kind.PERCENT, decimals, false);
    }

    /** The same column with a {@code +} in front of positive numbers. */
    public Column withSign() {
        return new Column(header, kind, digits, true);
    }

    /** Whether the column holds numbers (and is right-aligned). */
    public boolean numeric() {
        return kind != Kind.TEXT;
    }

    /** Whether {@code value} counts as missing: {@code null}, or NaN in a number column. */
    public static boolean isMissing(Object value) {
        return value == null || (value instanceof Number n && Double.isNaN(n.doubleValue()));
    }

    /** The cell as shown in Markdown and HTML, before any escaping. */
    public String format(Object value) {
        if (isMissing(value)) {
            return MISSING;
        }
        if (!numeric()) {
            return value.toString();
        }
        double v = number(value);
        if (Double.isInfinite(v)) {
            return v > 0 ? (signed ? "+inf" : "inf") : "-inf";
        }
        String text =
                switch (kind) {
                    case FIXED ->
                        BigDecimal.valueOf(v)
                                .setScale(digits, RoundingMode.HALF_UP)
                                .toPlainString();
                    case PERCENT ->
                        BigDecimal.valueOf(v)
                                .movePointRight(2)
                                .setScale(digits, RoundingMode.HALF_UP)
                                .toPlainString();
                    case SIGNIFICANT -> significantDigits(v, digits);
                    case EXACT -> shortestDecimal(v);
                    case TEXT -> throw new AssertionError();
                };
        if (isNegativeZero(text)) {
            text = text.substring(1); // "-0.00" after rounding a tiny negative number says nothing useful
        }
        return signed && v > 0 && !isZero(text) ? "+" + text : text;
    }

    /**
     * The cell as CSV carries it: text unchanged, numbers at full precision (percent columns moved two places, so
     * that they match the header), {@code inf}/{@code -inf} for infinities and the empty string for a missing value,
     * which CSV readers take as "not available".
     */
    public String exact(Object value) {
        if (isMissing(value)) {
            return "";
        }
        if (!numeric()) {
            return value.toString();
        }
        double v = number(value);
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return shortestDecimal(
                kind == Kind.PERCENT ? BigDecimal.valueOf(v).movePointRight(2).doubleValue() : v);
    }

    /** The shortest decimal that reads back as {@code v}; Java's scientific form outside [1e-7, 1e15). */
    static String shortestDecimal(double v) {
        double magnitude = Math.abs(v);
        if (magnitude != 0 && (magnitude < 1e-7 || magnitude >= 1e15)) {
            return Double.toString(v);
        }
        String plain = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }

    private double number(Object value) {
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("column '" + header + "' holds numbers, got "
                    + value.getClass().getSimpleName() + " '" + value + "'");
        }
        return n.doubleValue();
    }

    static String significantDigits(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        double magnitude = Math.abs(v);
        if (magnitude < 1e-3 || magnitude >= 1e6) {
            return scientific(v, digits);
        }
        // valueOf: round the shortest decimal that reads back as v (0.12345 -> 0.1235), as a person would
        BigDecimal rounded = BigDecimal.valueOf(v).round(new MathContext(digits, RoundingMode.HALF_UP));
        rounded = rounded.stripTrailingZeros();
        if (rounded.scale() < 0) {
            rounded = rounded.setScale(0, RoundingMode.UNNECESSARY);
        }
        return rounded.toPlainString();
    }

    /** {@code 1.25e-5} rather than Java's {@code 1.250e-05}. */
    static String scientific(double v, int digits) {
        String text = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        int e = text.indexOf('e');
        String mantissa = text.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        int exponent = Integer.parseInt(text.substring(e + 1));
        return mantissa + "e" + exponent;
    }

    private static boolean isNegativeZero(String text) {
        return text.startsWith("-") && isZero(text.substring(1));
    }

    private static boolean isZero(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
