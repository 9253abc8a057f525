package dev.focusnfix.plugins.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The Gaussian kernel and the separable blur with its padding convention. */
class GaussianBlurTest {

    /** torchvision's _get_gaussian_kernel1d(16, 4.0), evaluated with numpy in float64 and rounded to float32. */
    private static final float[] TORCHVISION_16_4 = {
        0.018005727f,
        0.027887816f,
        0.040576532f,
        0.055461541f,
        0.071214028f,
        0.085900515f,
        0.097338036f,
        0.1036158f,
        0.1036158f,
        0.097338036f,
        0.085900515f,
        0.071214028f,
        0.055461541f,
        0.040576532f,
        0.027887816f,
        0.018005727f
    };

    /** The same for (5, 1.0). */
    private static final float[] TORCHVISION_5_1 = {0.054488685f, 0.24420135f, 0.40261996f, 0.24420135f, 0.054488685f};

    @Test
    void kernelSumsToOneAndIsSymmetric() {
        for (int size : new int[] {1, 2, 5, 16, 31}) {
            float[] k = GaussianBlur.kernel1d(size, 4.0);
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += k[i];
                assertEquals(k[i], k[size - 1 - i], 0f, "symmetric at " + i + " for size " + size);
            }
            assertEquals(1.0, sum, 1e-6, "sum for size " + size);
        }
    }

    @Test
    void kernelMatchesTorchvisionFormula() {
        assertArrayEquals(TORCHVISION_16_4, GaussianBlur.kernel1d(16, 4.0), 1e-7f);
        assertArrayEquals(TORCHVISION_5_1, GaussianBlur.kernel1d(5, 1.0), 1e-7f);
    }

    @Test
    void constantMapStaysConstant() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray map = m.full(new Shape(2, 1, 20, 24), 0.7f);
            float[] out = GaussianBlur.blur(map, 16, 4.0).toFloatArray();
            for (float v : out) {
                assertEquals(0.7f, v, 1e-6f);
            }
        }
    }

    @Test
    void impulseSpreadsAsTheOuterProductOfTheKernelWithEvenSizesShiftedTowardsTopLeft() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 40;
            int c = 20;
            NDArray map = m.zeros(new Shape(1, 1, n, n));
            map.set(new ai.djl.ndarray.index.NDIndex("0, 0, {}, {}", c, c), 1f);
            float[] out = GaussianBlur.blur(map, 16, 4.0).toFloatArray();
            float[] k = TORCHVISION_16_4;
            // Padding 8 before, 7 after: out[i] = sum_j k[j] x[i - 8 + j], so the impulse lands at i = c + 8 - j.
            double total = 0;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int jy = c + 8 - y;
                    int jx = c + 8 - x;
                    float expected = jy >= 0 && jy < 16 && jx >= 0 && jx < 16 ? k[jy] * k[jx] : 0f;
                    assertEquals(expected, out[y * n + x], 1e-7f, "at " + y + "," + x);
                    total += out[y * n + x];
                }
            }
            assertEquals(1.0, total, 1e-5);
        }
    }

    @Test
    void bordersAreReflectedWithoutRepeatingTheEdgePixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            // One row 0..5 reflected by 3 before and 2 after: 3 2 1 | 0 1 2 3 4 5 | 4 3.
            NDArray row = m.arange(6f).reshape(1, 1, 1, 6);
            float[] padded = GaussianBlur.reflectPad(row, 3, 3, 2).toFloatArray();
            assertArrayEquals(new float[] {3, 2, 1, 0, 1, 2, 3, 4, 5, 4, 3}, padded, 0f);
            // Wider than the axis: keeps reflecting (0 1 2 -> 2 1 | 0 1 2 | 1 0 1 2).
            NDArray shortRow = m.arange(3f).reshape(1, 1, 1, 3);
            float[] wide = GaussianBlur.reflectPad(shortRow, 3, 2, 4).toFloatArray();
            assertArrayEquals(new float[] {2, 1, 0, 1, 2, 1, 0, 1, 2}, wide, 0f);
        }
    }

    @Test
    void blurNearTheBorderMatchesADirectReflectPaddedSum() {
        try (NDManager m = NDManager.newBaseManager()) {
            int h = 9;
            int w = 7;
            float[] values = new float[h * w];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i * 7 % 11) / 10f;
            }
            float[] out = GaussianBlur.blur(m.create(values, new Shape(1, 1, h, w)), 5, 1.0)
                    .toFloatArray();
            float[] k = TORCHVISION_5_1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int dy = -2; dy <= 2; dy++) {
                        for (int dx = -2; dx <= 2; dx++) {
                            sum += k[dy + 2] * k[dx + 2] * values[reflect(y + dy, h) * w + reflect(x + dx, w)];
                        }
                    }
                    assertEquals(sum, out[y * w + x], 1e-6, "at " + y + "," + x);
                }
            }
        }
    }

    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }
}
