package dev.focusnfix.core.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images in [0,1] as 8-bit PNG files, atomically. */
public final class Png {

    private Png() {}

    /**
     * Writes one image: {@code [3,H,W]} (RGB) or {@code [1,H,W]} / {@code [H,W]} (grey), values in [0,1] (clamped),
     * rounded to the nearest 8-bit level.
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
        AtomicFiles.write(file, stream -> {
            if (!ImageIO.write(out, "png", stream)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static int level(float value) {
        float clamped = Math.max(0f, Math.min(1f, Float.isNaN(value) ? 0f : value));
        return Math.round(clamped * 255f);
    }
}
