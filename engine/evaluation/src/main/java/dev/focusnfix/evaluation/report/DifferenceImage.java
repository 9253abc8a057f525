package dev.focusnfix.evaluation.report;

import dev.focusnfix.nn.io.Png;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The absolute difference of a tuned image from the base image, as a grey-scale picture of where the fine-tuning
 * changed things: per pixel {@code d = min(1, amplification * max_c |tuned_c - base_c| / 255)} over the red, green and
 * blue channels (alpha ignored), written as an 8-bit grey PNG with {@code 255 * d}. Black = unchanged.
 *
 * <p>The amplification makes small changes visible: with the default of {@value #DEFAULT_AMPLIFICATION}, a change of
 * 64/255 (a quarter of the range) in any channel is already white. Say which factor you used next to the picture.
 */
public final class DifferenceImage {

    /** The default amplification factor. */
    public static final double DEFAULT_AMPLIFICATION = 4.0;
    /** {@link #DEFAULT_AMPLIFICATION} as shown in column headers. */
    public static final String DEFAULT_AMPLIFICATION_TEXT = "4";

    private DifferenceImage() {}

    /** The difference image of two images of the same size. */
    public static BufferedImage compute(BufferedImage base, BufferedImage tuned, double amplification) {
        if (!(amplification > 0) || Double.isInfinite(amplification)) {
            throw new IllegalArgumentException("amplification must be a positive finite number, got " + amplification);
        }
        if (base.getWidth() != tuned.getWidth() || base.getHeight() != tuned.getHeight()) {
            throw new IllegalArgumentException("base image is " + base.getWidth() + "x" + base.getHeight()
                    + " but tuned image is " + tuned.getWidth() + "x" + tuned.getHeight()
                    + "; both must come from the same sampler settings");
        }
        int width = base.getWidth();
        int height = base.getHeight();
        BufferedImage difference = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int[] baseRow = new int[width];
        int[] tunedRow = new int[width];
        byte[] grey = new byte[width];
        for (int y = 0; y < height; y++) {
            base.getRGB(0, y, width, 1, baseRow, 0, width);
            tuned.getRGB(0, y, width, 1, tunedRow, 0, width);
            for (int x = 0; x < width; x++) {
                int maxChannel = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int delta = Math.abs(((baseRow[x] >> shift) & 0xff) - ((tunedRow[x] >> shift) & 0xff));
                    maxChannel = Math.max(maxChannel, delta);
                }
                double d = Math.min(1.0, amplification * maxChannel / 255.0);
                grey[x] = (byte) Math.round(255 * d);
            }
            difference.getRaster().setDataElements(0, y, width, 1, grey);
        }
        return difference;
    }

    /** Reads two PNG (or any ImageIO-readable) files and writes their difference image as a PNG, atomically. */
    public static void write(Path base, Path tuned, Path output, double amplification) throws IOException {
        Png.write(compute(readImage(base), readImage(tuned), amplification), output);
    }

    /** {@link #write(Path, Path, Path, double)} with the default amplification. */
    public static void write(Path base, Path tuned, Path output) throws IOException {
        write(base, tuned, output, DEFAULT_AMPLIFICATION);
    }

    static BufferedImage readImage(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("image not found: " + file);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not a readable image (PNG, JPEG, BMP, GIF): " + file);
        }
        return image;
    }
}
