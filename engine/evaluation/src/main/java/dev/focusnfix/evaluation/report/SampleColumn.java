package dev.focusnfix.evaluation.report;

/** The image columns of a sample row, in display order, with their headers and file-name suffixes. */
public enum SampleColumn {
    /** The base (pretrained) model's image for the prompt and seed. */
    BASE("Base", "base"),
    /** The fine-tuned model's image for the same prompt and seed. */
    TUNED("Tuned", "tuned"),
    /** The region mask computed on the base image (1 = problem region). */
    MASK("Mask", "mask"),
    /** The saliency map or reward heatmap the mask came from. */
    SALIENCY("Saliency / heatmap", "saliency"),
    /** {@code |tuned - base|}, amplified (see {@link DifferenceImage}). */
    DIFFERENCE("|Tuned − Base| ×" + DifferenceImage.DEFAULT_AMPLIFICATION_TEXT, "diff");

    private final String header;
    private final String suffix;

    SampleColumn(String header, String suffix) {
        this.header = header;
        this.suffix = suffix;
    }

    /** The column title shown in reports and contact sheets. */
    public String header() {
        return header;
    }

    /** The suffix of the conventional file name, e.g. {@code base} in {@code 000-seed1000-base.png}. */
    public String suffix() {
        return suffix;
    }
}
