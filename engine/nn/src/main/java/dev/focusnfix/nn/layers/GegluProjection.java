package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * GEGLU: a linear projection {@code proj} to twice the width, split into value and gate halves,
 * {@code value * gelu(gate)} (exact GELU), as diffusers' {@code GEGLU}.
 */
public final class GegluProjection extends dev.focusnfix.nn.module.Module {

    private final Linear proj;

    public GegluProjection(long dimIn, long dimOut) {
        this.proj = register("proj", new Linear(dimIn, dimOut * 2, true));
    }

    public Linear proj() {
        return proj;
    }

    /** x [..., in] -> [..., out]. */
    public NDArray forward(NDArray x) {
        NDArray h = proj.forward(x);
        NDList halves = h.split(2, h.getShape().dimension() - 1);
        NDArray value = halves.get(0);
        NDArray gate = halves.get(1);
        NDArray activated = Activations.gelu(gate);
        NDArray y = value.mul(activated);
        h.close();
        halves.close();
        activated.close();
        return y;
    }
}
