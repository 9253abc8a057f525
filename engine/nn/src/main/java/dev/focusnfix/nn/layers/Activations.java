package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.tensor.Scalars;
import java.util.function.UnaryOperator;

/** Element-wise activation functions as used by diffusers and HF transformers; results live in x's manager. */
public final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private Activations() {}

    public static NDArray sigmoid(NDArray x) {
        return x.getNDArrayInternal().sigmoid();
    }

    /** x * sigmoid(x), a.k.a. swish. */
    public static NDArray silu(NDArray x) {
        NDArray s = sigmoid(x);
        NDArray y = x.mul(s);
        s.close();
        return y;
    }

    /** Exact GELU: 0.5 x (1 + erf(x / sqrt 2)). */
    public static NDArray gelu(NDArray x) {
        NDArray scaled = Scalars.mul(x, SQRT_HALF);
        NDArray e = scaled.erf();
        scaled.close();
        NDArray onePlus = e.add(1);
        e.close();
        NDArray halfX = Scalars.mul(x, 0.5);
        NDArray y = halfX.mul(onePlus);
        halfX.close();
        onePlus.close();
        return y;
    }

    /** GELU with the tanh approximation (HF "gelu_new", "gelu_pytorch_tanh"). */
    public static NDArray geluTanh(NDArray x) {
        NDArray cube = Scalars.pow(x, 3);
        NDArray cubic = Scalars.mul(cube, 0.044715);
        cube.close();
        NDArray sum = cubic.add(x);
        cubic.close();
        NDArray inner = Scalars.mul(sum, SQRT_2_OVER_PI);
        sum.close();
        NDArray t = inner.tanh();
        inner.close();
        NDArray onePlus = t.add(1);
        t.close();
        NDArray halfX = Scalars.mul(x, 0.5);
        NDArray y = halfX.mul(onePlus);
        halfX.close();
        onePlus.close();
        return y;
    }

    /** x * sigmoid(1.702 x), as OpenAI CLIP uses. */
    public static NDArray quickGelu(NDArray x) {
        NDArray scaled = Scalars.mul(x, 1.702);
        NDArray s = sigmoid(scaled);
        scaled.close();
        NDArray y = x.mul(s);
        s.close();
        return y;
    }

    /**
     * The activation for a config name: {@code silu}/{@code swish}, {@code gelu}, {@code gelu_new} /
     * {@code gelu_pytorch_tanh} / {@code gelu_tanh}, {@code quick_gelu}. Unknown names are an error naming the value.
     */
    public static UnaryOperator<NDArray> byName(String name) {
        switch (name) {
            case "silu":
            case "swish":
                return Activations::silu;
            case "gelu":
                return Activations::gelu;
            case "gelu_new":
            case "gelu_pytorch_tanh":
            case "gelu_tanh":
                return Activations::geluTanh;
            case "quick_gelu":
                return Activations::quickGelu;
            default:
                throw new IllegalArgumentException("Unsupported activation function '" + name
                        + "' (supported: silu, swish, gelu, gelu_new, gelu_pytorch_tanh, gelu_tanh, quick_gelu)");
        }
    }
}
