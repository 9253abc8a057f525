package dev.focusnfix.training.checkpoint;

/**
 * Where a training run stands after a step: everything besides tensors that a resumed run needs to continue as the
 * uninterrupted run would (every random draw derives from the seed and the step, so there is no generator state).
 *
 * @param step the last finished training step
 * @param optimizerUpdates the number of optimizer updates applied (skipped non-finite steps apply none)
 * @param lossScale the dynamic loss scale for the next step, or 0 when the run does not scale its loss
 * @param lossScaleGoodSteps good steps in a row since the loss scale last changed (0 without loss scaling)
 */
public record TrainingState(int step, long optimizerUpdates, double lossScale, int lossScaleGoodSteps) {

    /** Checks the values. */
    public TrainingState {
        if (step < 0 || optimizerUpdates < 0 || optimizerUpdates > step) {
            throw new IllegalArgumentException(
                    "invalid training state: step " + step + ", " + optimizerUpdates + " updates");
        }
        if (!(lossScale >= 0) || Double.isInfinite(lossScale) || lossScaleGoodSteps < 0) {
            throw new IllegalArgumentException(
                    "invalid training state: loss scale " + lossScale + " after " + lossScaleGoodSteps + " good steps");
        }
    }

    /** The state of a run that does not scale its loss. */
    public TrainingState(int step, long optimizerUpdates) {
        this(step, optimizerUpdates, 0, 0);
    }

    /** Whether the run scales its loss (float16 training). */
    public boolean scalesLoss() {
        return lossScale > 0;
    }
}
