package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Assertions on tensors against reference outputs, with the fixtures' tolerance stated once. */
public final class TensorAssert {

    /** The fixtures' tolerance: relative L2 error {@code ||ours - ref|| / ||ref||} in float32 on the CPU. */
    public static final double REFERENCE_TOLERANCE = 1e-4;

    private TensorAssert() {}

    /** Relative L2 error of {@code actual} against {@code expected}, computed in float64. */
    public static double relativeL2(NDArray expected, NDArray actual) {
        double[] e = toDoubles(expected);
        double[] a = toDoubles(actual);
        if (e.length != a.length) {
            throw new AssertionError("size " + a.length + " != expected " + e.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < e.length; i++) {
            double d = a[i] - e[i];
            diff += d * d;
            norm += e[i] * e[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }

    /** Same shape and relative L2 error within {@link #REFERENCE_TOLERANCE}. */
    public static void assertMatchesReference(String what, NDArray expected, NDArray actual) {
        assertClose(what, expected, actual, REFERENCE_TOLERANCE);
    }

    /** Same shape and relative L2 error within {@code tolerance}. */
    public static void assertClose(String what, NDArray expected, NDArray actual, double tolerance) {
        assertArrayEquals(expected.getShape().getShape(), actual.getShape().getShape(), what + ": shape");
        double error = relativeL2(expected, actual);
        assertTrue(
                error <= tolerance,
                () -> String.format("%s: relative L2 error %.3e exceeds %.1e", what, error, tolerance));
    }

    private static double[] toDoubles(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
