package dev.focusnfix.plugins.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import java.util.Arrays;

/**
 * Per-sample L2 gradient clipping: each sample's gradient (all its elements together) is scaled down to norm
 * {@code maxNorm} when it is longer, and left alone otherwise, so one sample's large gradient does not change how
 * another is guided. Works on gradients, never on values that are being differentiated.
 */
final class GradientClipping {

    private GradientClipping() {}

    /**
     * {@code g_n * min(1, maxNorm / ||g_n||)} for every sample {@code n} of {@code g}; {@code maxNorm <= 0} returns
     * {@code g} itself. The result is in {@code g}'s manager.
     */
    static NDArray clipPerSample(NDArray g, float maxNorm) {
        return maxNorm <= 0 ? g : clipPerSample(g, norms(g), maxNorm);
    }

    /** {@link #clipPerSample(NDArray, float)} with the per-sample norms of {@code g} already computed. */
    static NDArray clipPerSample(NDArray g, float[] norms, float maxNorm) {
        if (maxNorm <= 0) {
            return g;
        }
        float[] factors = new float[norms.length];
        for (int n = 0; n < norms.length; n++) {
            // A zero gradient has nothing to clip; a non-finite one is left to show itself downstream.
            factors[n] = norms[n] > maxNorm ? maxNorm / norms[n] : 1f;
        }
        long[] perSample = new long[g.getShape().dimension()];
        Arrays.fill(perSample, 1L);
        perSample[0] = norms.length;
        try (NDArray f = Scalars.constant(g.getManager(), factors, new Shape(perSample), g.getDataType())) {
            return g.mul(f);
        }
    }

    /** The L2 norm of each sample of {@code g} (first axis), computed in float32. */
    static float[] norms(NDArray g) {
        long n = g.getShape().get(0);
        NDArray flat = g.getDataType() == DataType.FLOAT32 ? g : g.toType(DataType.FLOAT32, false);
        return flat.reshape(n, -1).square().sum(new int[] {1}).sqrt().toFloatArray();
    }
}
