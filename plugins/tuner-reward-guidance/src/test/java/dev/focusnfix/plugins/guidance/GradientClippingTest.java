package dev.focusnfix.plugins.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void scalesOnlyTheSamplesLongerThanTheLimit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Sample norms 5 and 1; limit 2: the first is scaled by 2/5, the second is left alone.
            NDArray g = manager.create(new float[] {3, 4, 0, 0, 0.6f, 0.8f, 0, 0}, new Shape(2, 1, 2, 2));
            assertArrayEquals(new float[] {5f, 1f}, GradientClipping.norms(g), 1e-6f);
            NDArray clipped = GradientClipping.clipPerSample(g, 2f);
            assertArrayEquals(new float[] {1.2f, 1.6f, 0, 0, 0.6f, 0.8f, 0, 0}, clipped.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {2f, 1f}, GradientClipping.norms(clipped), 1e-6f);
        }
    }

    @Test
    void aZeroLimitDisablesClippingAndZeroGradientsStayZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray g = manager.create(new float[] {30, 40, 0, 0}, new Shape(2, 2));
            assertSame(g, GradientClipping.clipPerSample(g, 0f));
            assertArrayEquals(
                    new float[] {1.2f, 1.6f, 0, 0},
                    GradientClipping.clipPerSample(g, 2f).toFloatArray(),
                    1e-6f);
        }
    }
}
