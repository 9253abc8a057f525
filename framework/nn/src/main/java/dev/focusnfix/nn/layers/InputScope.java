package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;

/**
 * Keeps arrays derived from parameters (reshaped views, casts) out of the parameters' manager: such arrays are
 * moved to the manager of the activation they are combined with, so they are freed with the caller's scope.
 */
public final class InputScope {

    private InputScope() {}

    /**
     * Moves {@code derived}, a fresh array computed from a parameter, into {@code input}'s manager and returns it.
     * Never pass a parameter's own array.
     */
    public static NDArray adopt(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
    }
}
