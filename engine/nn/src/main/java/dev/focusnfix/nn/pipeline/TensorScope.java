package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A short-lived sub-manager for one computation: the inputs are borrowed into it (temporarily attached, and given
 * back to their own managers when the scope closes), so every intermediate computed from them lands in the scope and
 * is freed on {@link #close()}; only the results passed to {@link #keep} survive, in the first input's manager.
 * Closing intermediates does not cut the autograd graph, so results stay differentiable.
 */
final class TensorScope implements AutoCloseable {

    private final NDManager home;
    private final NDManager scope;
    private final Set<NDArray> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());

    private TensorScope(NDManager home) {
        this.home = home;
        this.scope = home.newSubManager();
    }

    /** Opens a scope under {@code primary}'s manager and borrows {@code primary} and every non-null other array. */
    static TensorScope borrowing(NDArray primary, NDArray... others) {
        TensorScope s = new TensorScope(primary.getManager());
        s.borrow(primary);
        for (NDArray other : others) {
            s.borrow(other);
        }
        return s;
    }

    /** Borrows an array into the scope until it closes (arrays already in the scope are left alone). */
    void borrow(NDArray array) {
        if (array != null && array.getManager() != scope) {
            array.tempAttach(scope);
            borrowed.add(array);
        }
    }

    /** The scope's manager, for arrays created from scratch. */
    NDManager manager() {
        return scope;
    }

    /** Moves a result out of the scope into the home manager (the first input's) and returns it. */
    NDArray keep(NDArray result) {
        // A borrowed input must go back to its owner; the caller gets a (differentiable) copy instead.
        NDArray kept = borrowed.contains(result) ? result.duplicate() : result;
        kept.attach(home);
        return kept;
    }

    @Override
    public void close() {
        scope.close();
    }
}
