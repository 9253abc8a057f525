package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Scalar arithmetic keeps exact gradients even when the garbage collector runs between forward and backward. */
class NativeScalarsTest {

    @Test
    void gradientsSurviveGarbageCollection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            NDArray mask = NativeScalars.owned(manager.create(new float[] {1, 0, 1}));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = NativeScalars.div(NativeScalars.mul(x, 3), 0.5).mul(mask);
                mask.close();
                GarbageChurn.run();
                collector.backward(y.sum());
                assertArrayEquals(new float[] {6, 0, 6}, x.getGradient().toFloatArray(), 0f);
            }
        }
    }
}
