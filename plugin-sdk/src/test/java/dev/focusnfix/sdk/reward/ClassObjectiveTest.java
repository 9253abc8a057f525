package dev.focusnfix.sdk.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The objectives against their formulas evaluated in double precision. */
class ClassObjectiveTest {

    /** The reference red-detector logits, as doubles [N][C]. */
    private static double[][] referenceLogits(NDManager manager) throws IOException {
        try (StateDict expected =
                StateDict.read(TestData.path("classifiers/expected.safetensors"), manager, DataType.FLOAT32)) {
            NDArray logits = expected.get("red_logits");
            int n = (int) logits.getShape().get(0);
            int c = (int) logits.getShape().get(1);
            float[] flat = logits.toFloatArray();
            double[][] out = new double[n][c];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) {
                    out[i][j] = flat[i * c + j];
                }
            }
            return out;
        }
    }

    private static void assertValues(String what, double[] expected, NDArray actual) {
        float[] got = actual.toFloatArray();
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    @Test
    void softmaxObjectivesOfTheReferenceLogits() throws IOException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            double[][] z = referenceLogits(m);
            NDArray logits = m.create(
                    new float[] {(float) z[0][0], (float) z[0][1], (float) z[1][0], (float) z[1][1]}, new Shape(2, 2));
            for (int c = 0; c < 2; c++) {
                double[] p = new double[2];
                double[] logP = new double[2];
                double[] margin = new double[2];
                for (int i = 0; i < 2; i++) {
                    double max = Math.max(z[i][0], z[i][1]);
                    double logSum = max + Math.log(Math.exp(z[i][0] - max) + Math.exp(z[i][1] - max));
                    logP[i] = z[i][c] - logSum;
                    p[i] = Math.exp(logP[i]);
                    margin[i] = z[i][c] - z[i][1 - c];
                }
                ClassActivation softmax = ClassActivation.SOFTMAX;
                assertValues("p(" + c + ")", p, ClassObjective.PROBABILITY.of(logits, c, softmax));
                assertValues("log p(" + c + ")", logP, ClassObjective.LOG_PROBABILITY.of(logits, c, softmax));
                assertValues("margin(" + c + ")", margin, ClassObjective.LOGIT_MARGIN.of(logits, c, softmax));
                assertValues("logit(" + c + ")", new double[] {z[0][c], z[1][c]}, softmax.logit(logits, c));
            }
        }
    }

    @Test
    void marginAgainstTheLargestOtherOfSeveralClasses() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray logits = m.create(new float[] {1f, 5f, 2f, -1f, 0.5f, 3f, 4f, -2f}, new Shape(2, 4));
            // class 2: row 0: 2 - max(1, 5, -1) = -3; row 1: 4 - max(0.5, 3, -2) = 1.
            assertValues(
                    "margin(2)",
                    new double[] {-3, 1},
                    ClassObjective.LOGIT_MARGIN.of(logits, 2, ClassActivation.SOFTMAX));
            // class 0 and the last class exercise the one-sided slices.
            assertValues(
                    "margin(0)",
                    new double[] {1 - 5, 0.5 - 4},
                    ClassObjective.LOGIT_MARGIN.of(logits, 0, ClassActivation.SOFTMAX));
            assertValues(
                    "margin(3)",
                    new double[] {-1 - 5, -2 - 4},
                    ClassObjective.LOGIT_MARGIN.of(logits, 3, ClassActivation.SOFTMAX));
        }
    }

    @Test
    void sigmoidObjectivesStayFiniteForLargeLogits() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            double[] z = {-40, -2, 0, 3, 40};
            NDArray logits = m.create(new float[] {-40f, -2f, 0f, 3f, 40f});
            double[] p = new double[z.length];
            double[] logP = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                p[i] = 1 / (1 + Math.exp(-z[i]));
                logP[i] = -Math.log1p(Math.exp(-z[i]));
            }
            assertValues("sigmoid p", p, ClassObjective.PROBABILITY.of(logits, 0, ClassActivation.SIGMOID));
            assertValues("log sigmoid", logP, ClassObjective.LOG_PROBABILITY.of(logits, 0, ClassActivation.SIGMOID));
            assertValues("sigmoid margin", z, ClassObjective.LOGIT_MARGIN.of(logits, 0, ClassActivation.SIGMOID));
            assertArrayEquals(
                    new long[] {5},
                    ClassObjective.PROBABILITY
                            .of(logits.reshape(5, 1), 0, ClassActivation.SIGMOID)
                            .getShape()
                            .getShape());
        }
    }

    @Test
    void classIndexAndClassCountAreChecked() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray two = m.zeros(new Shape(3, 2));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ClassObjective.PROBABILITY.of(two, 2, ClassActivation.SOFTMAX));
            assertTrue(e.getMessage().contains("class index 2"), e.getMessage());
            NDArray one = m.zeros(new Shape(3));
            e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ClassObjective.PROBABILITY.of(one, 0, ClassActivation.SOFTMAX));
            assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
        }
    }
}
