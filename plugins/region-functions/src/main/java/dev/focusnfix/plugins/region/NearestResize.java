package dev.focusnfix.plugins.region;

/**
 * Nearest-neighbour resizing of row-major single-channel maps, with PyTorch's {@code interpolate(mode="nearest")}
 * index rule: output pixel {@code (y, x)} reads input pixel {@code (floor(y * h / H), floor(x * w / W))}.
 */
public final class NearestResize {

    private NearestResize() {}

    /** Resizes one {@code h x w} map to {@code height x width}. */
    public static float[] resize(float[] map, int h, int w, int height, int width) {
        if (map.length != h * w) {
            throw new IllegalArgumentException("map has " + map.length + " values, not " + h + "x" + w);
        }
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            int sy = (int) Math.min(h - 1, (long) y * h / height);
            for (int x = 0; x < width; x++) {
                int sx = (int) Math.min(w - 1, (long) x * w / width);
                out[y * width + x] = map[sy * w + sx];
            }
        }
        return out;
    }

    /** Resizes every map of a row-major {@code [n, h, w]} stack to {@code height x width}. */
    public static float[] resizeAll(float[] maps, int n, int h, int w, int height, int width) {
        float[] out = new float[n * height * width];
        float[] one = new float[h * w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(maps, i * h * w, one, 0, h * w);
            System.arraycopy(resize(one, h, w, height, width), 0, out, i * height * width, height * width);
        }
        return out;
    }
}
