package dev.focusnfix.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Casts keep the autograd graph in both directions (DJL's {@code toType} cuts it): the values are those of
 * {@code toType}, and the gradient of {@code sum(cast(x) * w)} with respect to {@code x} is {@code w} in x's type.
 */
class DifferentiableCastTest {

    private static final float[] VALUES = {0.5f, -1.25f, 3.0f, 1e-3f, -7.5f, 0.1f};
    private static final float[] WEIGHTS = {2f, -0.5f, 0.25f, 8f, -1f, 0.75f};

    @ParameterizedTest
    @CsvSource({"FLOAT32, FLOAT16", "FLOAT16, FLOAT32", "FLOAT32, FLOAT64", "FLOAT64, FLOAT32"})
    void theCastOfAnArrayInTheGraphHasToTypesValuesAndPassesTheGradientThrough(DataType from, DataType to) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(VALUES, new Shape(2, 3)).toType(from, false);
            NDArray w = m.create(WEIGHTS, new Shape(2, 3)).toType(to, false);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray cast = DifferentiableCast.to(x, to);
                assertEquals(to, cast.getDataType());
                assertArrayEquals(
                        x.toType(to, false).toType(DataType.FLOAT64, false).toDoubleArray(),
                        cast.toType(DataType.FLOAT64, false).toDoubleArray(),
                        0.0);
                collector.backward(cast.mul(w).sum());
            }
            NDArray gradient = x.getGradient();
            assertEquals(from, gradient.getDataType());
            assertArrayEquals(
                    w.toType(from, false).toType(DataType.FLOAT64, false).toDoubleArray(),
                    gradient.toType(DataType.FLOAT64, false).toDoubleArray(),
                    0.0);
        }
    }

    @ParameterizedTest
    @CsvSource({"FLOAT32, FLOAT16", "FLOAT16, FLOAT32"})
    void anArrayOutsideAGraphGetsToTypesValuesAndTheSameTypeIsTheArrayItself(DataType from, DataType to) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(VALUES, new Shape(6)).toType(from, false);
            NDArray cast = DifferentiableCast.to(x, to);
            assertEquals(to, cast.getDataType());
            assertArrayEquals(
                    x.toType(to, false).toType(DataType.FLOAT64, false).toDoubleArray(),
                    cast.toType(DataType.FLOAT64, false).toDoubleArray(),
                    0.0);
            assertSame(x, DifferentiableCast.to(x, from));
        }
    }
}
