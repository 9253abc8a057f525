package dev.focusnfix.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.tensor.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AdamW, the gradient norm, clipping and zeroing against hand computations in double precision. */
class AdamWTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray parameter(float[] values, long... shape) {
        NDArray p = Scalars.constant(manager, values, new Shape(shape), DataType.FLOAT32);
        p.setRequiresGradient(true);
        return p;
    }

    /** Accumulates {@code c} into the gradient of {@code p} through a backward pass of {@code sum(p * c)}. */
    private void addGradient(NDArray p, float[] c) {
        try (NDManager scratch = manager.newSubManager();
                GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray weights = Scalars.constant(scratch, c, p.getShape(), DataType.FLOAT32);
            NDArray product = p.mul(weights);
            product.attach(scratch);
            NDArray loss = product.sum();
            loss.attach(scratch);
            collector.backward(loss);
        }
    }

    @Test
    void threeStepsMatchTheFormulaInDoublePrecision() {
        float[] w0 = {0.5f, -1.25f, 2f, 0f, 3.5f, -0.75f};
        float[][] grads = {
            {0.1f, -0.2f, 0.3f, 1e-3f, -4f, 0.05f},
            {-0.3f, 0.1f, 0.2f, 0f, 2f, -0.07f},
            {0.25f, 0.25f, -1f, 5e-4f, 1f, 0.01f}
        };
        double[] lrs = {1e-2, 5e-3, 2e-2};
        double scale = 0.5;
        AdamW.Hyperparameters hyper = new AdamW.Hyperparameters(0.9, 0.999, 1e-8, 0.1);
        NDArray w = parameter(w0, 2, 3);
        AdapterGradients gradients = new AdapterGradients(Map.of("w", w));
        double[] expected = new double[w0.length];
        double[] m = new double[w0.length];
        double[] v = new double[w0.length];
        for (int i = 0; i < w0.length; i++) {
            expected[i] = w0[i];
        }
        try (AdamW adam = new AdamW(Map.of("w", w), hyper, manager)) {
            for (int t = 1; t <= 3; t++) {
                gradients.zero();
                addGradient(w, grads[t - 1]);
                adam.step(lrs[t - 1], scale);
                for (int i = 0; i < w0.length; i++) {
                    double g = grads[t - 1][i] * scale;
                    expected[i] *= 1 - lrs[t - 1] * hyper.weightDecay();
                    m[i] = hyper.beta1() * m[i] + (1 - hyper.beta1()) * g;
                    v[i] = hyper.beta2() * v[i] + (1 - hyper.beta2()) * g * g;
                    double mHat = m[i] / (1 - Math.pow(hyper.beta1(), t));
                    double vHat = v[i] / (1 - Math.pow(hyper.beta2(), t));
                    expected[i] -= lrs[t - 1] * mHat / (Math.sqrt(vHat) + hyper.epsilon());
                }
                float[] actual = w.toFloatArray();
                for (int i = 0; i < w0.length; i++) {
                    assertEquals(
                            expected[i],
                            actual[i],
                            1e-6 * Math.max(1, Math.abs(expected[i])),
                            "step " + t + ", value " + i);
                }
            }
            assertEquals(3, adam.updates());
            float[] firstMoment = adam.firstMoments().get("w").toFloatArray();
            for (int i = 0; i < w0.length; i++) {
                assertEquals(m[i], firstMoment[i], 1e-7 * Math.max(1, Math.abs(m[i])));
            }
        }
    }

    @Test
    void restoredStateContinuesExactlyAsTheOriginal() {
        float[] w0 = {0.3f, -0.2f, 0.9f, 1.5f};
        float[][] grads = {{0.1f, 0.2f, -0.3f, 0.4f}, {-0.5f, 0.6f, 0.7f, -0.8f}, {0.9f, -1f, 1.1f, 1.2f}};
        AdamW.Hyperparameters hyper = AdamW.Hyperparameters.withWeightDecay(0.01);
        NDArray a = parameter(w0, 4);
        NDArray b = parameter(w0, 4);
        try (AdamW first = new AdamW(Map.of("p", a), hyper, manager);
                AdamW second = new AdamW(Map.of("p", b), hyper, manager)) {
            for (int t = 0; t < 2; t++) {
                new AdapterGradients(Map.of("p", a)).zero();
                addGradient(a, grads[t]);
                first.step(1e-2, 1);
            }
            // The second optimizer takes over the first's parameters and state, as a resumed run does.
            AdamW.copyInto(b, a, "p");
            second.restore(first.updates(), first.firstMoments(), first.secondMoments());
            new AdapterGradients(Map.of("p", a)).zero();
            addGradient(a, grads[2]);
            first.step(1e-2, 1);
            addGradient(b, grads[2]);
            second.step(1e-2, 1);
            assertArrayEqualsExactly(a.toFloatArray(), b.toFloatArray());
        }
    }

    @Test
    void globalNormClippingAndZeroing() {
        NDArray p = parameter(new float[] {1, 2, 3}, 3);
        NDArray q = parameter(new float[] {4, 5}, 2);
        Map<String, NDArray> both = new LinkedHashMap<>();
        both.put("p", p);
        both.put("q", q);
        AdapterGradients gradients = new AdapterGradients(both);
        assertEquals(0.0, gradients.norm(), "no gradient yet");
        addGradient(p, new float[] {3, 0, 0});
        addGradient(q, new float[] {0, 4});
        assertEquals(5.0, gradients.norm(), 1e-12);
        addGradient(q, new float[] {0, 4});
        assertEquals(Math.sqrt(9 + 64), gradients.norm(), 1e-9, "gradients accumulate across backward passes");

        assertEquals(1.0, AdapterGradients.clipFactor(5, 0), "0 disables clipping");
        assertEquals(1.0, AdapterGradients.clipFactor(5, 10));
        assertEquals(2.0 / (5 + 1e-6), AdapterGradients.clipFactor(5, 2), 1e-15);

        gradients.zero();
        assertEquals(0.0, gradients.norm());
        addGradient(p, new float[] {Float.NaN, 1, 1});
        assertTrue(Double.isNaN(gradients.norm()));
        gradients.zero();
        assertEquals(0.0, gradients.norm(), "zeroing clears NaN too");
    }

    private static void assertArrayEqualsExactly(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "value " + i);
        }
    }
}
