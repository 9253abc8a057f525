package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Activations;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;

/** diffusers {@code TimestepEmbedding}: {@code linear_2(silu(linear_1(x)))}. */
public final class TimestepEmbedding extends Module {

    private final Linear linear1;
    private final Linear linear2;

    public TimestepEmbedding(int inChannels, int embedDim) {
        linear1 = register("linear_1", new Linear(inChannels, embedDim, true));
        linear2 = register("linear_2", new Linear(embedDim, embedDim, true));
    }

    /** x [N, in] -> [N, embedDim]. */
    public NDArray forward(NDArray x) {
        NDArray h = linear1.forward(x);
        h = Scratch.swap(h, Activations.silu(h));
        return Scratch.swap(h, linear2.forward(h));
    }
}
