package dev.focusnfix.evaluation.metrics;

/**
 * The SSIM map of one image pair, averaged over channels, on the 'valid' grid: entry {@code (i, j)} is the SSIM of the
 * 11x11 window centred on image pixel {@code (i + offset, j + offset)}, so the map is {@code 2 * offset} smaller than
 * the image in each direction ({@code offset} = 5).
 *
 * @param values row-major, {@code height * width} entries
 * @param height map rows ({@code H - 2 * offset})
 * @param width map columns ({@code W - 2 * offset})
 * @param offset how far the map's first row/column is from the image's
 */
public record SsimMap(double[] values, int height, int width, int offset) {

    /** Checks the size. */
    public SsimMap {
        if (values.length != height * width) {
            throw new IllegalArgumentException("an SSIM map of " + height + "x" + width + " needs " + height * width
                    + " values, got " + values.length);
        }
    }

    /** The value at map row {@code i}, column {@code j}. */
    public double at(int i, int j) {
        return values[i * width + j];
    }

    /** The mean SSIM: the whole-image SSIM of the pair. */
    public double mean() {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
