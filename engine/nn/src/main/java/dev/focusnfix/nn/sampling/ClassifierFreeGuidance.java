package dev.focusnfix.nn.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.focusnfix.nn.ops.Scalars;

/**
 * Classifier-free guidance (Ho and Salimans 2022): {@code eps = uncond + scale * (cond - uncond)}. Batched model calls
 * put the unconditional half first, as the diffusers pipelines do.
 */
public final class ClassifierFreeGuidance {

    private ClassifierFreeGuidance() {}

    /** {@code uncond + scale * (cond - uncond)}. */
    public static NDArray combine(NDArray uncond, NDArray cond, double scale) {
        return uncond.add(Scalars.mul(cond.sub(uncond), scale));
    }

    /** Splits a batched output [uncond; cond] along axis 0 and combines the halves. */
    public static NDArray combineBatched(NDArray batched, double scale) {
        long rows = batched.getShape().get(0);
        if (rows % 2 != 0) {
            throw new IllegalArgumentException("a guided batch needs an even number of rows, got " + rows);
        }
        NDList halves = batched.split(2, 0);
        return combine(halves.get(0), halves.get(1), scale);
    }

    /** Duplicates the latents for a batched [uncond; cond] model call. */
    public static NDArray duplicate(NDArray x) {
        return x.concat(x, 0);
    }
}
