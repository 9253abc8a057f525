package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import java.util.function.Function;

/** Small helpers that keep intermediate activations from piling up in the caller's manager. */
final class Ops {

    private Ops() {}

    /** Applies {@code f} to an intermediate result and frees the intermediate. */
    static NDArray then(NDArray intermediate, Function<NDArray, NDArray> f) {
        NDArray result = f.apply(intermediate);
        if (result != intermediate) {
            intermediate.close();
        }
        return result;
    }
}
