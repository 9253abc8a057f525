package dev.focusnfix.examples.colorfulness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The reward's gradient agrees with central finite differences (in float64) when the scoring ran in a scope that is
 * closed and the garbage collector ran before the backward pass.
 */
class ColorfulnessGradientTest {

    @Test
    void gradientMatchesFiniteDifferencesAfterGarbageCollection() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pixels = m.randomUniform(0, 1, new Shape(2, 3, 8, 8), DataType.FLOAT64);
            NDArray direction = m.randomNormal(0, 1, new Shape(2, 3, 8, 8), DataType.FLOAT64);
            NDArray x = pixels.duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total;
                try (NDManager scope = m.newSubManager()) {
                    x.tempAttach(scope);
                    total = ColorfulnessReward.times(ColorfulnessReward.colorfulness(x, 1e-6f), 2.5f).sum();
                    total.attach(m);
                }
                churnGarbage();
                collector.backward(total);
            }
            double analytic = x.getGradient().mul(direction).sum().getDouble();
            double h = 1e-5;
            double plus = ColorfulnessReward.colorfulness(pixels.add(direction.mul(h)), 1e-6f).sum().getDouble();
            double minus = ColorfulnessReward.colorfulness(pixels.sub(direction.mul(h)), 1e-6f).sum().getDouble();
            double numeric = 2.5 * (plus - minus) / (2 * h);
            assertEquals(numeric, analytic, 1e-6 * Math.abs(numeric));
        }
    }

    /** Collects garbage and refills freed native memory with NaNs, so that reads of freed buffers show. */
    private static void churnGarbage() {
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int size : new int[] {4, 8, 16, 64}) {
                for (int i = 0; i < 10_000; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
                    for (int p = 0; p + 4 <= size; p += 4) {
                        b.putFloat(p, Float.NaN);
                    }
                }
            }
        }
    }
}
