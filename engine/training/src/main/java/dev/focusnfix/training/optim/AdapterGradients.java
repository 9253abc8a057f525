package dev.focusnfix.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gradients accumulated on the trainable adapter tensors: their global L2 norm, the clipping factor, and
 * zeroing them. Gradients accumulate across backward passes until {@link #zero()} (DJL does not zero them when a
 * gradient collector opens or closes).
 */
public final class AdapterGradients {

    private final Map<String, NDArray> parameters;

    /** The gradients of these parameters (which require gradients). */
    public AdapterGradients(Map<String, NDArray> parameters) {
        // Sorted by name: the norm is a floating-point sum, and Map.copyOf's iteration order changes from one JVM to
        // the next, which made gradNorm (and a clipped step) differ in the last bits between identical runs.
        this.parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    }

    /** The global L2 norm of every gradient together, in double precision (infinite or NaN when any value is). */
    public double norm() {
        double sumOfSquares = 0;
        for (NDArray p : parameters.values()) {
            try (NDManager scratch = p.getManager().newSubManager()) {
                NDArray g = gradient(p, scratch);
                if (g == null) {
                    continue;
                }
                NDArray wide = g.toType(DataType.FLOAT64, false);
                sumOfSquares += wide.square().sum().getDouble();
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * The factor that scales a gradient of norm {@code norm} to norm at most {@code maxNorm}, as
     * {@code torch.nn.utils.clip_grad_norm_} does: {@code min(1, maxNorm / (norm + 1e-6))}; 1 when {@code maxNorm}
     * is 0 or less (no clipping).
     */
    public static double clipFactor(double norm, double maxNorm) {
        if (maxNorm <= 0) {
            return 1;
        }
        return Math.min(1, maxNorm / (norm + 1e-6));
    }

    /** Sets every gradient to zero (NaN and infinite values included). */
    public void zero() {
        for (NDArray p : parameters.values()) {
            try (NDManager scratch = p.getManager().newSubManager()) {
                NDArray g = gradient(p, scratch);
                if (g != null) {
                    // An indexed assignment copies the zero in, whatever was there: g * 0 would keep NaN.
                    g.set(new NDIndex("..."), 0f);
                }
            }
        }
    }

    /** The gradient of {@code p}, attached to {@code scratch} (closing it drops only the handle), or null. */
    static NDArray gradient(NDArray p, NDManager scratch) {
        if (!p.hasGradient()) {
            return null;
        }
        NDArray g = p.getGradient();
        g.attach(scratch);
        return g;
    }
}
