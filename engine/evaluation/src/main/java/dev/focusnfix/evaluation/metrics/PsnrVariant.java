package dev.focusnfix.evaluation.metrics;

/**
 * Which PSNR a number is: the exact value, which is {@code +Infinity} for identical images, or the value capped at
 * {@value Psnr#CAP_DB} dB so that means, medians and tables stay finite. Results carry their variant so that reports
 * can say which one they show ({@link #label()}).
 */
public enum PsnrVariant {

    /** {@code 10 log10(1 / MSE)}; identical images give {@code +Infinity}. */
    EXACT("PSNR (dB)"),

    /** {@code min(PSNR, 100 dB)}: identical images give 100. Use this for aggregation and tables. */
    CAPPED("PSNR (dB, capped at 100)");

    private final String label;

    PsnrVariant(String label) {
        this.label = label;
    }

    /** A column or axis label that says which variant it is. */
    public String label() {
        return label;
    }

    /** Applies this variant to an exact PSNR value (NaN stays NaN). */
    public double apply(double exactPsnr) {
        return this == CAPPED && exactPsnr > Psnr.CAP_DB ? Psnr.CAP_DB : exactPsnr;
    }
}
