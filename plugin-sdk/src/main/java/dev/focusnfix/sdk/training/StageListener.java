package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.DiffusionPipeline;
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
     * @param decoderStage the decoder stage the head recomputed ({@link DiffusionPipeline#decodeStages()}; the
     *     objective itself comes first with -1, then the decoder's stages last first), or -1 outside the decoder
     * @param stageManager the stage's own manager (closed after the stage)
     * @param runManager the manager of the whole run (the stored latents and the upstream gradient)
     */
    record Stage(int order, int samplingStep, int decoderStage, NDManager stageManager, NDManager runManager) {

        /** Whether this is a recomputed stage of the decoder (part of the head). */
        public boolean inDecoder() {
            return decoderStage >= 0;
        }
    }

    /** Called when the stage's forward computation is done, before its backward pass. */
    void onStage(Stage stage);
}
