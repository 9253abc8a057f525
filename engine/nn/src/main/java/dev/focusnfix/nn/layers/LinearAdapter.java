package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;

/** An additive correction to a {@link Linear} layer's output, e.g. a LoRA adapter: {@code y = W x + b + delta(x)}. */
public interface LinearAdapter {

    /** The correction for input {@code x} [..., in]; shape [..., out], computed in x's manager. */
    NDArray delta(NDArray x);

    /** Whether the adapter contributes at all; inactive adapters are skipped, so the base output stays exact. */
    default boolean isActive() {
        return true;
    }
}
