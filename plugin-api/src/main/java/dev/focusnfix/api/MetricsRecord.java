package dev.focusnfix.api;

import java.util.List;

/**
 * One line of a run's {@value RunLayout#METRICS}: what one training step reports, and the one definition of the
 * file's schema. The training loop writes these fields in this order, the report reads them by these names. Values
 * that are not finite are written as JSON {@code null}, so every line stays valid JSON; {@code lossScale} and
 * {@code lossScaleEvent} appear only in runs that scale their loss (float16 training), {@code skipped} only on steps
 * whose update was skipped.
 *
 * @param step the step, 1 first
 * @param reward the mean reward per image
 * @param constraint the mean constraint term per image (Focus-N-Fix's masked distance; 0 for DRaFT)
 * @param objective the maximised objective {@code J} (averaged over micro-batches)
 * @param gradNorm the global L2 norm of the averaged adapter gradient before clipping
 * @param learningRate the learning rate of the step
 * @param seconds the step's wall-clock time
 * @param heapBytes JVM heap in use at the end of the step, bytes
 * @param rssBytes resident set size of the process at the end of the step, bytes
 * @param peakRssBytes the peak resident set size so far, bytes (-1 when unknown)
 * @param lossScale the dynamic loss scale the step's loss was multiplied by, or null when the run does not scale
 * @param lossScaleEvent what the step did to the scale: {@code kept}, {@code grew} (after a run of good steps) or
 *     {@code shrank} (the gradients overflowed and the update was skipped); null when the run does not scale
 * @param skipped why the update was skipped (non-finite values), or null when it was applied
 */
@Stable(since = "0.1.0")
public record MetricsRecord(
        int step,
        double reward,
        double constraint,
        double objective,
        double gradNorm,
        double learningRate,
        double seconds,
        long heapBytes,
        long rssBytes,
        long peakRssBytes,
        Double lossScale,
        String lossScaleEvent,
        String skipped) {

    /** The training step (the x axis). */
    public static final String STEP = "step";
    /** Mean reward of the step's batch. */
    public static final String REWARD = "reward";
    /** Focus-N-Fix constraint {@code ||(1 - M) * (I0 - I)||_F}. */
    public static final String CONSTRAINT = "constraint";
    /** The maximised objective {@code reward - beta * constraint}. */
    public static final String OBJECTIVE = "objective";
    /** Global L2 norm of the LoRA gradient (before clipping). */
    public static final String GRAD_NORM = "gradNorm";
    /** The learning rate used at the step. */
    public static final String LEARNING_RATE = "learningRate";
    /** Wall-clock seconds of the step. */
    public static final String SECONDS = "seconds";
    /** JVM heap in use, bytes. */
    public static final String HEAP_BYTES = "heapBytes";
    /** Resident set size of the process, bytes. */
    public static final String RSS_BYTES = "rssBytes";
    /** Peak resident set size of the process, bytes. */
    public static final String PEAK_RSS_BYTES = "peakRssBytes";
    /** The dynamic loss scale of the step; present only in runs that scale their loss. */
    public static final String LOSS_SCALE = "lossScale";
    /** {@code kept}, {@code grew} or {@code shrank}; present only in runs that scale their loss. */
    public static final String LOSS_SCALE_EVENT = "lossScaleEvent";
    /** Why the step's update was skipped; present only then. */
    public static final String SKIPPED = "skipped";

    /**
     * Every field in the order a line writes them ({@link #LOSS_SCALE} and {@link #LOSS_SCALE_EVENT} only when the
     * run scales its loss, {@link #SKIPPED} last, and only when set).
     */
    public static final List<String> FIELDS = List.of(
            STEP,
            REWARD,
            CONSTRAINT,
            OBJECTIVE,
            GRAD_NORM,
            LEARNING_RATE,
            SECONDS,
            HEAP_BYTES,
            RSS_BYTES,
            PEAK_RSS_BYTES,
            LOSS_SCALE,
            LOSS_SCALE_EVENT,
            SKIPPED);

    /** A step of a run that does not scale its loss. */
    public MetricsRecord(
            int step,
            double reward,
            double constraint,
            double objective,
            double gradNorm,
            double learningRate,
            double seconds,
            long heapBytes,
            long rssBytes,
            long peakRssBytes,
            String skipped) {
        this(
                step,
                reward,
                constraint,
                objective,
                gradNorm,
                learningRate,
                seconds,
                heapBytes,
                rssBytes,
                peakRssBytes,
                null,
                null,
                skipped);
    }

    /** The fields that vary from run to run of the same experiment (timing and memory), not its results. */
    public static final List<String> MACHINE_FIELDS = List.of(SECONDS, HEAP_BYTES, RSS_BYTES, PEAK_RSS_BYTES);
}
