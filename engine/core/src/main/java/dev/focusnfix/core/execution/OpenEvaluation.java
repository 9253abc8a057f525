package dev.focusnfix.core.execution;

import ai.djl.ndarray.NDManager;
import dev.focusnfix.core.evaluation.RunEvaluator;

/**
 * The opened parts of one variant's evaluation: what the per-item function needs, and what closes them.
 *
 * @param inputs the evaluation inputs
 * @param manager the manager items open their sub-scopes in
 * @param resources closes everything opened (the manager included)
 */
public record OpenEvaluation(RunEvaluator.Inputs inputs, NDManager manager, AutoCloseable resources)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing an evaluation's parts failed: " + e.getMessage(), e);
        }
    }
}
