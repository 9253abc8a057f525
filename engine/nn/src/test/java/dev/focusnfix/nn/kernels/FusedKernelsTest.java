package dev.focusnfix.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.nn.ops.GarbageChurn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused TorchScript kernels against the composed reference (values and gradients), their gradients against
 * finite differences, and their gradients after a garbage collection (no Java-owned scalar in the graph).
 */
class FusedKernelsTest {

    private static FusedKernels fused;

    @BeforeAll
    static void load() {
        fused = Kernels.fused();
    }

    @Test
    void operationsBelowTheSizeBoundAreComposedAndFromItFused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            NDArray small = manager.randomNormal(new Shape(2, 8, 64, 8));
            assertArrayEquals(
                    Kernels.composed().attention(small, small, small, null).toFloatArray(),
                    fused.attention(small, small, small, null, FusedKernels.DEFAULT_MIN_SIZE)
                            .toFloatArray(),
                    "[2, 8, 64, 64] scores (the toy model's) run the composed operations");
            // 1024 x 1024 scores: the bound itself, fused (the same values as with no bound).
            NDArray large = manager.randomNormal(new Shape(1, 1, 1024, 4));
            assertArrayEquals(
                    fused.attention(large, large, large, null, 0).toFloatArray(),
                    fused.attention(large, large, large, null, FusedKernels.DEFAULT_MIN_SIZE)
                            .toFloatArray());
        }
    }

    @ParameterizedTest(name = "masked = {0}")
    @ValueSource(booleans = {false, true})
    void attentionMatchesComposedInValueAndGradient(boolean masked) {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            NDArray q = manager.randomNormal(new Shape(2, 3, 17, 8));
            NDArray k = manager.randomNormal(new Shape(2, 3, 9, 8));
            NDArray v = manager.randomNormal(new Shape(2, 3, 9, 8));
            // A causal-style mask with -inf, as the text encoders build it (broadcast over batch and heads).
            NDArray mask = masked ? causalStyleMask(manager, 17, 9) : null;
            Result composed = run(Kernels.composed(), q, k, v, mask, manager);
            Result viaFused = run(fused, q, k, v, mask, manager);
            assertClose(composed.out, viaFused.out, "attention output");
            assertClose(composed.dq, viaFused.dq, "dL/dq");
            assertClose(composed.dk, viaFused.dk, "dL/dk");
            assertClose(composed.dv, viaFused.dv, "dL/dv");
        }
    }

    @ParameterizedTest(name = "silu = {0}")
    @ValueSource(booleans = {false, true})
    void groupNormMatchesComposedInValueAndGradient(boolean silu) {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(12);
            NDArray x = manager.randomNormal(new Shape(2, 8, 5, 6)).mul(manager.create(3f));
            NDArray w = manager.randomNormal(new Shape(8));
            NDArray b = manager.randomNormal(new Shape(8));
            float[][] composed = groupNormWithGradients(Kernels.composed(), x, w, b, silu);
            float[][] viaFused = groupNormWithGradients(fused, x, w, b, silu);
            String[] names = {"output", "dL/dx", "dL/dweight", "dL/dbias"};
            for (int i = 0; i < names.length; i++) {
                assertClose(manager.create(composed[i]), manager.create(viaFused[i]), "group norm " + names[i]);
            }
        }
    }

    @Test
    void attentionGradientMatchesFiniteDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(13);
            NDArray q = manager.randomNormal(new Shape(1, 2, 6, 4), DataType.FLOAT64);
            NDArray k = manager.randomNormal(new Shape(1, 2, 5, 4), DataType.FLOAT64);
            NDArray v = manager.randomNormal(new Shape(1, 2, 5, 4), DataType.FLOAT64);
            NDArray weights = manager.randomNormal(new Shape(1, 2, 6, 4), DataType.FLOAT64);
            NDArray direction = manager.randomNormal(new Shape(1, 2, 6, 4), DataType.FLOAT64);
            double analytic;
            q.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = fused.attention(q, k, v, null).mul(weights).sum();
                collector.backward(loss);
                analytic = q.getGradient().mul(direction).sum().getDouble();
            }
            NDArray qd = q.stopGradient();
            double eps = 1e-6;
            NDArray step = direction.mul(manager.create(eps));
            double plus =
                    fused.attention(qd.add(step), k, v, null).mul(weights).sum().getDouble();
            double minus =
                    fused.attention(qd.sub(step), k, v, null).mul(weights).sum().getDouble();
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(
                    numeric,
                    analytic,
                    1e-6 * Math.max(1, Math.abs(numeric)),
                    "directional derivative of fused attention: autograd " + analytic + ", finite differences "
                            + numeric);
        }
    }

    @Test
    void groupNormGradientMatchesFiniteDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(14);
            NDArray x = manager.randomNormal(new Shape(1, 4, 3, 3), DataType.FLOAT64);
            NDArray w = manager.randomNormal(new Shape(4), DataType.FLOAT64);
            NDArray b = manager.randomNormal(new Shape(4), DataType.FLOAT64);
            NDArray weights = manager.randomNormal(new Shape(1, 4, 3, 3), DataType.FLOAT64);
            NDArray direction = manager.randomNormal(new Shape(1, 4, 3, 3), DataType.FLOAT64);
            double analytic;
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(
                        fused.groupNorm(x, w, b, 2, 1e-5f, true).mul(weights).sum());
                analytic = x.getGradient().mul(direction).sum().getDouble();
            }
            NDArray xd = x.stopGradient();
            double eps = 1e-6;
            NDArray step = direction.mul(manager.create(eps));
            double plus = fused.groupNorm(xd.add(step), w, b, 2, 1e-5f, true)
                    .mul(weights)
                    .sum()
                    .getDouble();
            double minus = fused.groupNorm(xd.sub(step), w, b, 2, 1e-5f, true)
                    .mul(weights)
                    .sum()
                    .getDouble();
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(
                    numeric,
                    analytic,
                    1e-6 * Math.max(1, Math.abs(numeric)),
                    "directional derivative of fused group norm + silu: autograd " + analytic + ", finite differences "
                            + numeric);
        }
    }

    @Test
    void float16InputsStayFloat16AndCloseToFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(15);
            NDArray q = manager.randomNormal(new Shape(1, 2, 16, 8));
            NDArray x = manager.randomNormal(new Shape(1, 4, 4, 4));
            NDArray w = manager.ones(new Shape(4));
            NDArray b = manager.zeros(new Shape(4));
            NDArray a16 = fused.attention(
                    q.toType(DataType.FLOAT16, false),
                    q.toType(DataType.FLOAT16, false),
                    q.toType(DataType.FLOAT16, false),
                    null);
            NDArray g16 = fused.groupNorm(
                    x.toType(DataType.FLOAT16, false),
                    w.toType(DataType.FLOAT16, false),
                    b.toType(DataType.FLOAT16, false),
                    2,
                    1e-5f,
                    true);
            assertEquals(DataType.FLOAT16, a16.getDataType());
            assertEquals(DataType.FLOAT16, g16.getDataType());
            double attentionError = TensorAssert.relativeL2(
                    Kernels.composed().attention(q, q, q, null), a16.toType(DataType.FLOAT32, false));
            double normError = TensorAssert.relativeL2(
                    Kernels.composed().groupNorm(x, w, b, 2, 1e-5f, true), g16.toType(DataType.FLOAT32, false));
            // Half precision keeps about three significant digits.
            assertTrue(attentionError < 3e-3, "float16 fused attention relative error " + attentionError);
            assertTrue(normError < 3e-3, "float16 fused group norm relative error " + normError);
        }
    }

    @Test
    void gradientsSurviveAGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(16);
            NDArray x = manager.randomNormal(new Shape(1, 4, 4, 4));
            NDArray w = manager.randomNormal(new Shape(4));
            NDArray b = manager.randomNormal(new Shape(4));
            float[] first = churnedGradient(x, w, b, false);
            float[] second = churnedGradient(x, w, b, true);
            for (int i = 0; i < first.length; i++) {
                assertTrue(Float.isFinite(second[i]), "gradient " + i + " is " + second[i] + " after a collection");
                assertEquals(first[i], second[i], 1e-6f, "gradient " + i);
            }
        }
    }

    private static float[] churnedGradient(NDArray x, NDArray w, NDArray b, boolean churn) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(scope);
            input.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray h = fused.groupNorm(input, w, b, 2, 1e-6f, true);
                NDArray tokens = h.reshape(1, 4, 16).transpose(0, 2, 1).reshape(1, 1, 16, 4);
                NDArray loss =
                        fused.attention(tokens, tokens, tokens, null).square().sum();
                if (churn) {
                    GarbageChurn.run();
                }
                collector.backward(loss);
            }
            return input.getGradient().toFloatArray();
        }
    }

    /** -inf above a shifted diagonal and on every third entry, 0 elsewhere; key 0 is never masked. */
    private static NDArray causalStyleMask(NDManager manager, int queries, int keys) {
        float[] mask = new float[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = 1; j < keys; j++) {
                if (j > i % keys || (i + j) % 3 == 0) {
                    mask[i * keys + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return manager.create(mask, new Shape(1, 1, queries, keys));
    }

    private record Result(NDArray out, NDArray dq, NDArray dk, NDArray dv) {}

    private static Result run(
            NetworkKernels kernels, NDArray q0, NDArray k0, NDArray v0, NDArray mask, NDManager manager) {
        NDArray q = q0.duplicate();
        NDArray k = k0.duplicate();
        NDArray v = v0.duplicate();
        q.setRequiresGradient(true);
        k.setRequiresGradient(true);
        v.setRequiresGradient(true);
        NDArray weights =
                manager.arange(0f, (float) q.size(), 1f).reshape(q.getShape()).sin();
        NDArray out;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            out = kernels.attention(q, k, v, mask);
            collector.backward(out.mul(weights).sum());
        }
        return new Result(
                out.stopGradient(),
                q.getGradient().duplicate(),
                k.getGradient().duplicate(),
                v.getGradient().duplicate());
    }

    private static float[][] groupNormWithGradients(
            NetworkKernels kernels, NDArray x0, NDArray w0, NDArray b0, boolean silu) {
        NDArray x = x0.duplicate();
        NDArray w = w0.duplicate();
        NDArray b = b0.duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        NDArray weights = x.getManager()
                .arange(0f, (float) x.size(), 1f)
                .reshape(x.getShape())
                .cos();
        float[] out;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = kernels.groupNorm(x, w, b, 4, 1e-5f, silu);
            out = y.toFloatArray();
            collector.backward(y.mul(weights).sum());
        }
        return new float[][] {
            out,
            x.getGradient().toFloatArray(),
            w.getGradient().toFloatArray(),
            b.getGradient().toFloatArray()
        };
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        double error = TensorAssert.relativeL2(expected, actual);
        assertTrue(error < 1e-5, what + ": fused vs composed relative L2 error " + error);
    }
}
