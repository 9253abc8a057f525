package dev.focusnfix.plugins.safety.nsfwjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** tfjs's {@code resizeBilinear(alignCorners = true)}: corners coincide, source position {@code r (in-1)/(out-1)}. */
class AlignCornersBilinearTest {

    @Test
    void cornersCoincideAndInteriorPixelsInterpolateLinearly() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            // One channel, 2x3: rows [0, 1, 2] and [10, 11, 12], resized to 3x5.
            NDArray x = m.create(new float[] {0, 1, 2, 10, 11, 12}, new Shape(1, 1, 2, 3));
            float[] y = AlignCornersBilinear.resize(x, 3, 5).toFloatArray();
            // Rows read the source at 0, 0.5, 1; columns at 0, 0.5, 1, 1.5, 2.
            assertArrayEquals(
                    new float[] {0, 0.5f, 1, 1.5f, 2, 5, 5.5f, 6, 6.5f, 7, 10, 10.5f, 11, 11.5f, 12}, y, 1e-5f);
        }
    }

    @Test
    void downscalingReadsTheSourceAtRTimesInMinusOneOverOutMinusOne() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            // 1x5 [0..4] to 1x3: columns at 0, 2, 4 (exact pixels); 1x4 [0..3] to 1x3: at 0, 1.5, 3.
            NDArray five = m.create(new float[] {0, 1, 2, 3, 4}, new Shape(1, 1, 1, 5));
            assertArrayEquals(
                    new float[] {0, 2, 4},
                    AlignCornersBilinear.resize(five, 1, 3).toFloatArray(),
                    1e-6f);
            NDArray four = m.create(new float[] {0, 10, 20, 30}, new Shape(1, 1, 1, 4));
            assertArrayEquals(
                    new float[] {0, 15, 30},
                    AlignCornersBilinear.resize(four, 1, 3).toFloatArray(),
                    1e-5f);
        }
    }

    @Test
    void anImageOfTheModelSizeIsNotResized() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.zeros(new Shape(2, 3, 4, 6));
            assertSame(x, AlignCornersBilinear.resize(x, 4, 6));
        }
    }
}
