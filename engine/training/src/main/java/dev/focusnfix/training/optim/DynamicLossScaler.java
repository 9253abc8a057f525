package dev.focusnfix.training.optim;

/**
 * Dynamic loss scaling for float16 compute (as {@code torch.cuda.amp.GradScaler}): the loss is multiplied by
 * {@link #scale()} before the backward pass so small gradients survive float16, and the gradients are divided by it
 * again ({@link #unscaleFactor()}) before they reach the float32 optimizer. A step whose gradients overflow
 * (non-finite) is skipped and the scale shrinks by {@code backoff}; after {@code growthInterval} good steps in a row
 * it grows by {@code growth}. Pure arithmetic: the caller feeds it whether each step's gradients were finite.
 */
public final class DynamicLossScaler {

    /** What one step did, for the log and {@code metrics.jsonl}. */
    public enum Event {
        /** Gradients finite, scale unchanged: apply the update. */
        APPLIED,
        /** Gradients finite and the good-step run reached the interval: apply the update, the scale grew. */
        GREW,
        /** Gradients overflowed: skip the update, the scale shrank. */
        SKIPPED
    }

    /**
     * One step's outcome.
     *
     * @param event what happened
     * @param scaleUsed the scale the step's loss was multiplied by
     * @param nextScale the scale for the next step
     */
    public record Step(Event event, double scaleUsed, double nextScale) {

        /** Whether the optimizer should apply this step's (unscaled) gradients. */
        public boolean apply() {
            return event != Event.SKIPPED;
        }
    }

    private final double growth;
    private final double backoff;
    private final int growthInterval;
    private final double minScale;
    private final double maxScale;
    private double scale;
    private int goodSteps;

    /**
     * @param initialScale the first scale (PyTorch: 65536)
     * @param growth factor after a run of good steps (&gt; 1; PyTorch: 2)
     * @param backoff factor after an overflow (in (0, 1); PyTorch: 0.5)
     * @param growthInterval good steps in a row before growing (PyTorch: 2000)
     */
    public DynamicLossScaler(double initialScale, double growth, double backoff, int growthInterval) {
        if (!(initialScale > 0) || !Double.isFinite(initialScale)) {
            throw new IllegalArgumentException(
                    "loss scale: initial scale must be positive and finite, got " + initialScale);
        }
        if (!(growth > 1) || !(backoff > 0 && backoff < 1) || growthInterval < 1) {
            throw new IllegalArgumentException("loss scale: need growth > 1, 0 < backoff < 1, growthInterval >= 1; "
                    + "got " + growth + ", " + backoff + ", " + growthInterval);
        }
        this.scale = initialScale;
        this.growth = growth;
        this.backoff = backoff;
        this.growthInterval = growthInterval;
        // float16's smallest normal number and largest finite one bound a useful scale.
        this.minScale = 0x1p-14;
        this.maxScale = 0x1p24;
    }

    /** PyTorch's defaults: 2^16, x2 after 2000 good steps, x0.5 on overflow. */
    public static DynamicLossScaler pytorchDefaults() {
        return new DynamicLossScaler(65536, 2, 0.5, 2000);
    }

    /** The factor the loss is multiplied by before the backward pass. */
    public double scale() {
        return scale;
    }

    /** The factor that turns the scaled gradients back into true ones: {@code 1 / scale()}. */
    public double unscaleFactor() {
        return 1 / scale;
    }

    /** Good steps since the last change of scale. */
    public int goodSteps() {
        return goodSteps;
    }

    /**
     * Records a step: {@code gradientsFinite} is whether every (scaled) gradient value was finite.
     *
     * @return the step's event and the scales before and after
     */
    public Step update(boolean gradientsFinite) {
        double used = scale;
        if (!gradientsFinite) {
            scale = Math.max(minScale, scale * backoff);
            goodSteps = 0;
            return new Step(Event.SKIPPED, used, scale);
        }
        goodSteps++;
        if (goodSteps >= growthInterval && scale * growth <= maxScale) {
            scale *= growth;
            goodSteps = 0;
            return new Step(Event.GREW, used, scale);
        }
        return new Step(Event.APPLIED, used, scale);
    }

    /** Restores a saved state (from a checkpoint). */
    public void restore(double savedScale, int savedGoodSteps) {
        if (!(savedScale > 0) || !Double.isFinite(savedScale) || savedGoodSteps < 0) {
            throw new IllegalArgumentException(
                    "loss scale: cannot restore scale " + savedScale + " with " + savedGoodSteps + " good steps");
        }
        scale = savedScale;
        goodSteps = savedGoodSteps;
    }
}
