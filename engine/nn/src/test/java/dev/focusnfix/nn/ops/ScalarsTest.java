package dev.focusnfix.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.tensor.Scalars;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every operation of {@link Scalars} gives DJL's values and exact gradients, also when the garbage collector runs
 * between the forward and the backward pass and the forward ran in a scope that is already closed.
 */
class ScalarsTest {

    private static final float[] X = {-1.5f, -0.25f, 0f, 0.5f, 1f, 2f, 3f};

    @Test
    void mulDivAndPowHaveExactGradients() {
        assertGradient(x -> Scalars.mul(x, 3), new float[] {3, 3, 3, 3, 3, 3, 3});
        assertGradient(x -> Scalars.div(x, 0.5), new float[] {2, 2, 2, 2, 2, 2, 2});
        assertGradient(x -> Scalars.pow(x, 2), new float[] {-3, -0.5f, 0, 1, 2, 4, 6});
        assertGradient(x -> Scalars.rsub(1, x), new float[] {-1, -1, -1, -1, -1, -1, -1});
    }

    @Test
    void maximumAndMinimumHaveExactGradients() {
        assertGradient(x -> Scalars.maximum(x, 0.75), new float[] {0, 0, 0, 0, 1, 1, 1});
        assertGradient(x -> Scalars.minimum(x, 0.75), new float[] {1, 1, 1, 1, 0, 0, 0});
    }

    @Test
    void valuesMatchDjlNumberOperations() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            assertArrayEquals(x.mul(0.3).toFloatArray(), Scalars.mul(x, 0.3).toFloatArray(), 0f);
            assertArrayEquals(x.div(0.3).toFloatArray(), Scalars.div(x, 0.3).toFloatArray(), 0f);
            assertArrayEquals(x.pow(3).toFloatArray(), Scalars.pow(x, 3).toFloatArray(), 0f);
            assertArrayEquals(
                    x.maximum(0.1f).toFloatArray(), Scalars.maximum(x, 0.1).toFloatArray(), 0f);
            assertArrayEquals(
                    x.minimum(0.1f).toFloatArray(), Scalars.minimum(x, 0.1).toFloatArray(), 0f);
            assertArrayEquals(x.neg().add(2).toFloatArray(), Scalars.rsub(2, x).toFloatArray(), 0f);
        }
    }

    @Test
    void scalarsFollowTheArraysTypeAndKeepDoublePrecision() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray half = manager.create(X).toType(DataType.FLOAT16, false);
            assertEquals(DataType.FLOAT16, Scalars.mul(half, 0.5).getDataType());
            NDArray wide = manager.create(new double[] {1.0});
            assertEquals(1.0 / 3.0, Scalars.div(wide, 3).getDouble(0), 0.0);
            NDArray ints = manager.create(new long[] {1, 2});
            assertArrayEquals(
                    ints.mul(0.5).toDoubleArray(), Scalars.mul(ints, 0.5).toDoubleArray(), 0.0);
        }
    }

    @Test
    void ownedConstantsSurviveClosingTheirJavaData() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray mask =
                            Scalars.constant(scope, new float[] {1, 0, 1, 0, 1, 0, 1}, new Shape(7), DataType.FLOAT32);
                    NDArray matrix = Scalars.owned(scope.create(new float[] {2, 0, 0, 3}, new Shape(2, 2)));
                    NDArray masked = x.mul(mask);
                    NDArray pair = masked.get("0:2").reshape(1, 2).matMul(matrix);
                    y = pair.sum();
                    y.attach(manager);
                }
                GarbageChurn.run();
                collector.backward(y);
                assertArrayEquals(
                        new float[] {2, 0, 0, 0, 0, 0, 0}, x.getGradient().toFloatArray(), 0f);
            }
        }
    }

    /** d(sum f(x))/dx at {@link #X}; the forward ran in a closed scope and the GC ran before backward. */
    private static void assertGradient(UnaryOperator<NDArray> f, float[] expected) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y;
                try (NDManager scope = manager.newSubManager()) {
                    x.tempAttach(scope);
                    y = f.apply(x).sum();
                    y.attach(manager);
                }
                GarbageChurn.run();
                collector.backward(y);
                assertArrayEquals(expected, x.getGradient().toFloatArray(), 0f);
            }
        }
    }
}
