package dev.focusnfix.core.run;

/**
 * A {@link java.util.ServiceLoader} service: a training engine that is not part of the core, which runs a
 * {@link TrainingJob}'s workers ({@code training.engine: spark} lives in {@code framework-spark}, on the class path
 * only when asked for).
 */
public interface TrainingEngineProvider {

    /** The {@code training.engine} name it serves. */
    String name();

    /**
     * Runs the job's workers until the final adapter is in the run folder.
     *
     * @throws Exception when the training failed for good (after the engine's own retries)
     */
    void train(TrainingJob job) throws Exception;
}
