package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keeps a reward's intermediate arrays out of the caller's manager: while open, the input array is temporarily
 * attached to a sub-manager, so every array computed from it lands there and is freed on {@link #close()}; the
 * arrays handed back are moved to the caller's manager with {@link #keep}. Closing returns the input to its manager.
 * Autograd is unaffected: the graph holds its own references to the tensors it saved.
 */
final class ScratchScope implements AutoCloseable {

    private final NDManager caller;
    private final NDManager scratch;

    private ScratchScope(NDArray input) {
        this.caller = input.getManager();
        this.scratch = caller.newSubManager();
        input.tempAttach(scratch);
    }

    /** Opens a scope around the array every other array of the computation derives from. */
    public static ScratchScope around(NDArray input) {
        return new ScratchScope(input);
    }

    /** The manager arrays created from scratch (constants) should use. */
    public NDManager manager() {
        return scratch;
    }

    /** Moves a result to the caller's manager so that it outlives the scope; null passes through. */
    public NDArray keep(NDArray result) {
        if (result != null) {
            result.attach(caller);
        }
        return result;
    }

    @Override
    public void close() {
        scratch.close();
    }
}
