package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;

/**
 * Keeps arrays derived from parameters (reshaped views, casts) out of the parameters' manager: such arrays are
 * moved to the manager of the activation they are combined with, so they are freed with the caller's scope.
 *
 * <p>Note that the derived array is still created in the parameters' manager for a moment (DJL creates results in
 * the manager of the array an operation is called on), so this does not work with a capped parameters' manager;
 * where possible, prefer operations whose left operand is the activation (e.g. {@code x.mul(weight)} with
 * broadcasting), as {@link GroupNorm} does.
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
