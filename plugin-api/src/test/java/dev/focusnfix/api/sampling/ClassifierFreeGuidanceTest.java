package dev.focusnfix.api.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ClassifierFreeGuidanceTest {

    @Test
    void combineExtrapolatesFromTheUnconditionalOutput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray uncond = manager.create(new float[] {1f, 2f});
            NDArray cond = manager.create(new float[] {2f, 0f});
            // 1 + 7.5 (2 - 1) = 8.5, 2 + 7.5 (0 - 2) = -13
            assertArrayEquals(
                    new float[] {8.5f, -13f},
                    ClassifierFreeGuidance.combine(uncond, cond, 7.5f).toFloatArray());
            assertEquals(3, manager.getManagedArrays().size(), "only the result is left besides the inputs");
        }
    }

    @Test
    void combineIsDifferentiableWithWeightsOneMinusGAndG() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray uncond = manager.create(new float[] {1f, 2f});
            NDArray cond = manager.create(new float[] {2f, 0f});
            uncond.setRequiresGradient(true);
            cond.setRequiresGradient(true);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                collector.backward(
                        ClassifierFreeGuidance.combine(uncond, cond, 3f).sum());
            }
            assertArrayEquals(new float[] {-2f, -2f}, uncond.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {3f, 3f}, cond.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
