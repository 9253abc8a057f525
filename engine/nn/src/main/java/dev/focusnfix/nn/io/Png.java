package dev.focusnfix.nn.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images as 8-bit PNG files, atomically ({@link AtomicFiles}); values in [0,1] are clamped and rounded. */
public final class Png {

    private Png() {}

    /**
     * Writes one image tensor as an RGB PNG: {@code [3,H,W]} (RGB) or {@code [1,H,W]} / {@code [H,W]} (grey, stored
     * as equal R, G and B so that viewers and {@code getRGB} show the stored levels), values in [0,1].
     */
    public static void write(NDArray image, Path file) throws IOException {
        Shape shape = image.getShape();
        int dims = shape.dimension();
        int channels = dims == 2 ? 1 : (int) shape.get(0);
        int h = (int) shape.get(dims - 2);
        int w = (int) shape.get(dims - 1);
        if (dims < 2 || dims > 3 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("expected an image [3,H,W], [1,H,W] or [H,W], got " + shape);
        }
        float[] v = image.toType(DataType.FLOAT32, false).toFloatArray();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = level(v[i]);
                int g = channels == 3 ? level(v[plane + i]) : r;
                int b = channels == 3 ? level(v[2 * plane + i]) : r;
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        write(out, file);
    }

    /** Writes row-major grey values in [0,1] as a single-channel 8-bit grey PNG. */
    public static void writeGrey(float[] unitValues, int height, int width, Path file) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, level(unitValues[y * width + x]));
            }
        }
        write(image, file);
    }

    /** Writes any image as a PNG. */
    public static void write(RenderedImage image, Path file) throws IOException {
        AtomicFiles.write(file, stream -> {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IOException(
                        "no PNG writer for an image of type " + image.getClass().getName());
            }
        });
    }

    /** The nearest 8-bit level of a value in [0,1]; NaN counts as 0. */
    private static int level(float value) {
        float clamped = Math.max(0f, Math.min(1f, Float.isNaN(value) ? 0f : value));
        return Math.round(clamped * 255f);
    }
}
