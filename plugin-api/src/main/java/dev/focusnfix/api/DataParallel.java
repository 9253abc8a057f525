package dev.focusnfix.api;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The worker's place in a data-parallel training run ({@code training: {engine: spark, workers: N}}): each of the
 * {@link #workers()} workers trains its share of every global batch on its own copy of the backbone, and they agree
 * on every optimizer step by exchanging their gradients ({@link #allGather}). A single-process run is one worker
 * ({@link #SINGLE_PROCESS}); a tuner that supports data parallelism (see
 * {@link FineTuner#dataParallelProblem}) reads this from {@link TuningContext#dataParallel()}.
 */
@Experimental
public interface DataParallel {

    /** One worker alone: gathering returns its own message, work runs at once. */
    DataParallel SINGLE_PROCESS = new DataParallel() {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int workers() {
            return 1;
        }

        @Override
        public List<byte[]> allGather(byte[] message) {
            return List.of(message.clone());
        }

        @Override
        public <T> T exclusively(Callable<T> work) throws Exception {
            return work.call();
        }
    };

    /** This worker's number, 0 first. */
    int rank();

    /** The number of workers, at least 1. */
    int workers();

    /** Whether this worker writes the run folder's checkpoints, metrics and final adapter (worker 0). */
    default boolean isWriter() {
        return rank() == 0;
    }

    /**
     * Sends {@code message} to every worker and returns every worker's message, in rank order (this worker's own at
     * {@link #rank()}). Every worker calls it the same number of times, in the same order; it returns when all have
     * called it.
     *
     * @throws Exception when the exchange fails (a worker was lost: the training's stage then restarts)
     */
    List<byte[]> allGather(byte[] message) throws Exception;

    /**
     * Runs {@code work} (a micro-batch's forward and backward passes) while no other worker of this process runs
     * its own: the engine allows one gradient recording per process, so workers that share a process take turns.
     * Never wrap an {@link #allGather} in it (the other workers could not reach theirs).
     */
    <T> T exclusively(Callable<T> work) throws Exception;
}
