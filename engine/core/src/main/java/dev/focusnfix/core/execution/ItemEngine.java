package dev.focusnfix.core.execution;

import java.util.List;

/**
 * Runs evaluation work items somewhere and hands each result to the driver. The {@link LocalItemEngine} runs them in
 * this process with the already opened parts; the Spark engine ({@code framework-spark}) partitions them over a
 * cluster whose executors open the parts themselves. Both run the same per-item function
 * ({@link dev.focusnfix.core.evaluation.RunEvaluator#evaluateItem}).
 */
public interface ItemEngine {

    /** The per-item function of this process. */
    @FunctionalInterface
    interface ItemFunction {
        /** Evaluates one item. */
        ItemResult evaluate(WorkItem item) throws Exception;
    }

    /** Receives results on the driver, in any order. */
    @FunctionalInterface
    interface ResultSink {
        /** Takes one result (writes it). */
        void accept(ItemResult result) throws Exception;
    }

    /**
     * Evaluates every item, handing each result to {@code sink} on the calling thread.
     *
     * @param items the items to evaluate
     * @param here the per-item function over this process's opened parts (the local engine uses it)
     * @param sink where results go
     * @throws ItemFailedException naming the item that failed and why
     */
    void run(List<WorkItem> items, ItemFunction here, ResultSink sink) throws Exception;

    /** The engine in words, for logs ({@code local}, {@code spark local[2]}). */
    String describe();
}
