package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;

/**
 * An objective of the decoded images, {@code J = f(decode(z))}: {@link TruncatedBackprop} then runs the decoder
 * itself, stage by stage ({@link DiffusionPipeline#decodeStages()}), and recomputes one stage at a time in the
 * backward pass, so the decoder's full-resolution activations are never all held at once.
 */
@Experimental
public interface ImageObjective extends Objective {

    /** The pipeline whose decoder turns the final latents into the images. */
    DiffusionPipeline pipeline();

    /** The objective's terms for decoded images {@code [N, 3, H, W]} in [0, 1] (which may require gradients). */
    Terms evaluateImages(NDArray images);

    /** {@inheritDoc} Decodes the latents and evaluates the images. */
    @Override
    default Terms evaluate(NDArray finalLatents) {
        return evaluateImages(pipeline().decode(finalLatents));
    }
}
