package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Experimental;

/**
 * Observes the stages of a {@link TruncatedBackprop} backward pass, each when its graph is built, just before its
 * backward pass: the moment of the stage's peak memory (tests measure the footprint with it).
 */
@FunctionalInterface
@Experimental
public interface StageListener {

    /** Listens to nothing. */
    StageListener NONE = stage -> {};

    /**
     * One finished stage.
     *
     * @param order 0 for the head (decoder and objective), then 1, 2, ... for the denoising steps, last step first
     * @param samplingStep the sampling step the stage recomputed, or -1 for the head
     * @param stageManager the stage's own manager (closed after the stage)
     * @param runManager the manager of the whole run (the stored latents and the upstream gradient)
     */
    record Stage(int order, int samplingStep, NDManager stageManager, NDManager runManager) {}

    /** Called when the stage's forward computation is done, before its backward pass. */
    void onStage(Stage stage);
}
