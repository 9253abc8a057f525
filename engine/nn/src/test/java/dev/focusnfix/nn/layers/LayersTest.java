package dev.focusnfix.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Layers against values computed by hand (the UNet parity tests check them against diffusers as a whole). */
class LayersTest {

    private NDManager m;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void activationsMatchTheirDefinitions() {
        NDArray x = m.create(new float[] {-2, -0.5f, 0, 1, 3});
        float[] in = x.toFloatArray();
        float[] silu = Activations.silu(x).toFloatArray();
        float[] quick = Activations.quickGelu(x).toFloatArray();
        float[] tanh = Activations.geluTanh(x).toFloatArray();
        float[] erf = Activations.gelu(x).toFloatArray();
        // Exact GELU reference values: x * Phi(x).
        float[] geluExact = {-0.04550026f, -0.15426877f, 0f, 0.84134475f, 2.99595031f};
        for (int i = 0; i < in.length; i++) {
            double v = in[i];
            assertEquals(v / (1 + Math.exp(-v)), silu[i], 1e-6);
            assertEquals(v / (1 + Math.exp(-1.702 * v)), quick[i], 1e-6);
            assertEquals(0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), tanh[i], 1e-6);
            assertEquals(geluExact[i], erf[i], 1e-6);
        }
        assertEquals(Activations.byName("gelu_pytorch_tanh").apply(x).toFloatArray()[3], tanh[3], 0f);
    }

    @Test
    void groupNormNormalisesEachGroupThenAppliesPerChannelAffine() {
        GroupNorm norm = new GroupNorm(2, 4, 1e-5f);
        norm.parameters().get("weight").set(m.create(new float[] {1, 2, 3, 4}));
        norm.parameters().get("bias").set(m.create(new float[] {0, 0, 1, -1}));
        float[] values = new float[4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 1.3) * (i + 1);
        }
        NDArray x = m.create(values, new Shape(1, 4, 3, 1));
        float[] y = norm.forward(x).toFloatArray();
        float[] gamma = {1, 2, 3, 4};
        float[] beta = {0, 0, 1, -1};
        for (int g = 0; g < 2; g++) {
            double mean = 0;
            double var = 0;
            for (int i = g * 6; i < g * 6 + 6; i++) {
                mean += values[i] / 6.0;
            }
            for (int i = g * 6; i < g * 6 + 6; i++) {
                var += (values[i] - mean) * (values[i] - mean) / 6.0;
            }
            for (int i = g * 6; i < g * 6 + 6; i++) {
                int c = i / 3;
                double expected = (values[i] - mean) / Math.sqrt(var + 1e-5) * gamma[c] + beta[c];
                assertEquals(expected, y[i], 1e-5, "element " + i);
            }
        }
    }

    @Test
    void layerNormConvLinearEmbeddingAndGeglu() {
        LayerNorm ln = new LayerNorm(2, 0f, false);
        assertArrayEquals(
                new float[] {-1, 1},
                ln.forward(m.create(new float[] {1, 3}, new Shape(1, 2))).toFloatArray(),
                1e-6f);

        Conv2d conv = new Conv2d(1, 1, 3, 2, 1, true);
        conv.parameters().get("weight").set(m.ones(new Shape(1, 1, 3, 3)));
        conv.parameters().get("bias").set(m.create(new float[] {0.5f}));
        NDArray image = m.arange(16f).reshape(1, 1, 4, 4);
        // Output (0,0) sums the top-left 2x2 (padding elsewhere): 0+1+4+5 = 10, plus bias.
        NDArray out = conv.forward(image);
        assertArrayEquals(new long[] {1, 1, 2, 2}, out.getShape().getShape());
        assertEquals(10.5f, out.toFloatArray()[0], 1e-6f);

        Embedding embedding = new Embedding(3, 2);
        embedding.weight().set(m.create(new float[] {0, 1, 10, 11, 20, 21}, new Shape(3, 2)));
        assertArrayEquals(
                new float[] {20, 21, 0, 1},
                embedding.forward(m.create(new int[] {2, 0})).toFloatArray(),
                0f);

        GegluProjection geglu = new GegluProjection(1, 1);
        geglu.proj().weight().set(m.create(new float[] {2, 1}, new Shape(2, 1)));
        geglu.proj().bias().set(m.create(new float[] {0, 0}));
        // value = 2x, gate = x: 2 * gelu(1) at x = 1.
        assertEquals(
                2 * 0.84134475f,
                geglu.forward(m.create(new float[] {1}, new Shape(1, 1))).getFloat(),
                1e-6f);
    }

    @Test
    void linearAddsActiveAdaptersOnly() {
        Linear linear = new Linear(2, 1, false);
        linear.weight().set(m.create(new float[] {1, 2}, new Shape(1, 2)));
        NDArray x = m.create(new float[] {3, 4}, new Shape(1, 2));
        assertEquals(11f, linear.forward(x).getFloat(), 0f);
        linear.addAdapter("plus", in -> in.sum(new int[] {1}, true));
        assertEquals(18f, linear.forward(x).getFloat(), 0f);
        linear.addAdapter("off", new LinearAdapter() {
            @Override
            public NDArray delta(NDArray in) {
                throw new AssertionError("inactive adapters are not evaluated");
            }

            @Override
            public boolean isActive() {
                return false;
            }
        });
        assertEquals(18f, linear.forward(x).getFloat(), 0f);
        linear.removeAdapter("plus");
        assertEquals(11f, linear.forward(x).getFloat(), 0f);
        assertEquals(DataType.FLOAT32, linear.forward(x).getDataType());
    }
}
