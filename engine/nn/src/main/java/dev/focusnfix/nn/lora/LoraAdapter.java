package dev.focusnfix.nn.lora;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.kernels.DifferentiableCast;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.layers.LinearAdapter;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;

/**
 * A low-rank adapter on one {@link Linear} layer: {@code delta(x) = s * B(A(x))} with {@code lora_A.weight}
 * [rank, in], {@code lora_B.weight} [out, rank] and {@code s = alpha / rank * multiplier}, where the multiplier is
 * the run-time adapter scale. The effective weight is {@code W + s * B @ A}.
 */
public final class LoraAdapter extends Module implements LinearAdapter {

    private final int rank;
    private final double alpha;
    private final Linear down;
    private final Linear up;
    private double multiplier = 1.0;

    public LoraAdapter(long inFeatures, long outFeatures, int rank, double alpha) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        this.rank = rank;
        this.alpha = alpha;
        down = register("lora_A", new Linear(inFeatures, rank, false));
        up = register("lora_B", new Linear(rank, outFeatures, false));
    }

    public int rank() {
        return rank;
    }

    public double alpha() {
        return alpha;
    }

    /** A [rank, in] (PEFT {@code lora_A}, kohya {@code lora_down}). */
    public Parameter a() {
        return down.weight();
    }

    /** B [out, rank] (PEFT {@code lora_B}, kohya {@code lora_up}). */
    public Parameter b() {
        return up.weight();
    }

    /** The run-time scale on top of alpha / rank; 0 switches the adapter off exactly. */
    public double multiplier() {
        return multiplier;
    }

    public void setMultiplier(double multiplier) {
        this.multiplier = multiplier;
    }

    /** alpha / rank * multiplier. */
    public double effectiveScale() {
        return alpha / rank * multiplier;
    }

    @Override
    public boolean isActive() {
        return effectiveScale() != 0;
    }

    @Override
    public NDArray delta(NDArray x) {
        // Adapters may be kept in a wider dtype than the frozen base (float32 adapters, the master weights, on a
        // float16 UNet): the casts keep the graph, so that training reaches the adapters.
        NDArray input = DifferentiableCast.to(x, a().array().getDataType());
        NDArray low = down.forward(input);
        if (input != x) {
            input.close();
        }
        NDArray h = up.forward(low);
        low.close();
        double scale = effectiveScale();
        if (scale != 1.0) {
            NDArray scaled = Scalars.mul(h, scale);
            h.close();
            h = scaled;
        }
        if (h.getDataType() != x.getDataType()) {
            NDArray cast = DifferentiableCast.to(h, x.getDataType());
            h.close();
            h = cast;
        }
        return h;
    }
}
