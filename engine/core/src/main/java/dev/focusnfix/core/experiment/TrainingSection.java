package dev.focusnfix.core.experiment;

import dev.focusnfix.api.options.DefaultValue;

/**
 * The {@code training:} section: where the tuner trains. {@code local} trains in this process; {@code spark} trains
 * data-parallel in a Spark barrier stage of {@code workers} tasks (on {@code execution.master}, or
 * {@code --spark-master}, or spark-submit's master): each worker computes the gradient of its share of every global
 * batch ({@code tuner.batchSize / workers} samples), the workers average their adapters' gradients every step, and
 * worker 0 writes the run folder (which must be on a file system every worker sees). Unlike {@code execution:}, the
 * section stays in the run folder's {@code experiment.yaml} and the checkpoint hash: the adapter of a run on N workers
 * equals the one-process adapter only up to float32 round-off.
 *
 * @param engine {@code local} or {@code spark}
 * @param workers the data-parallel workers (Spark tasks) of {@code engine: spark}; 1 for {@code local}
 */
public record TrainingSection(@DefaultValue("local") String engine, @DefaultValue("1") int workers) {

    /** The section's key in an experiment. */
    public static final String KEY = "training";

    /** Checks the values. */
    public TrainingSection {
        if (!engine.equals(ExecutionSection.LOCAL) && !engine.equals(ExecutionSection.SPARK)) {
            throw new IllegalArgumentException("training.engine must be 'local' or 'spark', not '" + engine + "'");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("training.workers must be at least 1, not " + workers);
        }
        if (engine.equals(ExecutionSection.LOCAL) && workers != 1) {
            throw new IllegalArgumentException("training.workers: " + workers + " needs training.engine: spark"
                    + " (the local engine trains in one process)");
        }
    }

    /** Whether the tuner trains data-parallel on Spark. */
    public boolean onSpark() {
        return engine.equals(ExecutionSection.SPARK);
    }
}
