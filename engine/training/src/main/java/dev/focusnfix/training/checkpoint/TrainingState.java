package dev.focusnfix.training.checkpoint;

/**
 * Where a training run stands after a step: everything besides tensors that a resumed run needs to continue as the
 * uninterrupted run would (every random draw derives from the seed and the step, so there is no generator state).
 *
 * @param step the last finished training step
 * @param optimizerUpdates the number of optimizer updates applied (skipped non-finite steps apply none)
 */
public record TrainingState(int step, long optimizerUpdates) {

    /** Checks the values. */
    public TrainingState {
        if (step < 0 || optimizerUpdates < 0 || optimizerUpdates > step) {
            throw new IllegalArgumentException(
                    "invalid training state: step " + step + ", " + optimizerUpdates + " updates");
        }
    }
}
