package dev.focusnfix.training.metrics;

import dev.focusnfix.api.MetricsRecord;

/**
 * What one training step reports.
 *
 * @param step the step, 1 first
 * @param reward the mean reward per image
 * @param constraint the mean constraint term per image (Focus-N-Fix's masked distance; 0 for DRaFT)
 * @param objective the objective {@code J} (averaged over micro-batches)
 * @param gradientNorm the global L2 norm of the averaged gradient before clipping
 * @param learningRate the learning rate of the step
 * @param seconds the step's wall-clock time
 * @param memory memory in use at the end of the step
 * @param lossScale the loss scale used and what the step did to it, or null when the run does not scale its loss
 * @param skipped why the update was skipped (non-finite values), or null when it was applied
 */
public record StepMetrics(
        int step,
        double reward,
        double constraint,
        double objective,
        double gradientNorm,
        double learningRate,
        double seconds,
        MemoryUsage memory,
        LossScaleStep lossScale,
        String skipped) {

    /**
     * A step's dynamic loss scale.
     *
     * @param scale the scale the loss was multiplied by
     * @param event {@code kept}, {@code grew} or {@code shrank}
     */
    public record LossScaleStep(double scale, String event) {}

    /** A step of a run that does not scale its loss. */
    public StepMetrics(
            int step,
            double reward,
            double constraint,
            double objective,
            double gradientNorm,
            double learningRate,
            double seconds,
            MemoryUsage memory,
            String skipped) {
        this(step, reward, constraint, objective, gradientNorm, learningRate, seconds, memory, null, skipped);
    }

    /** The line of {@code metrics.jsonl} this step writes. */
    public MetricsRecord toRecord() {
        return new MetricsRecord(
                step,
                reward,
                constraint,
                objective,
                gradientNorm,
                learningRate,
                seconds,
                memory.heapBytes(),
                memory.residentBytes(),
                memory.peakResidentBytes(),
                lossScale == null ? null : lossScale.scale(),
                lossScale == null ? null : lossScale.event(),
                skipped);
    }
}
