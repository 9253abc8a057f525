package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Small tensor chores shared by the region functions. */
final class Tensors {

    private Tensors() {}

    /**
     * A copy of {@code x} in {@code manager} with its own storage and no autograd history: the region functions may
     * mark it as requiring gradient or write into it without touching the caller's array.
     */
    static NDArray detachedCopy(NDArray x, NDManager manager) {
        NDArray detached = x.stopGradient();
        NDArray copy;
        if (detached == x) {
            copy = x.duplicate();
            copy.attach(manager);
        } else {
            // The detached view shares storage with x; it only lives long enough to be copied.
            detached.attach(manager);
            copy = detached.duplicate();
        }
        return copy;
    }
}
