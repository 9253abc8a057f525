package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.tensor.Scalars;

/**
 * Focus-N-Fix's objective {@code J = mean_n r(I_n, c_n) - beta * mean_n ||(1 - M(I0_n)) * (I0_n - I_n)||_F}, the
 * Frobenius norm taken per image over channels, height and width. The norm is {@code sqrt(sum + 1e-12)}: its
 * gradient is 0, not NaN, where {@code I} equals {@code I0} (at the start of training, when the adapters are zero).
 */
@Experimental
public final class MaskedDistanceObjective implements ImageObjective {

    private static final double NORM_EPSILON = 1e-12;

    private final DiffusionPipeline pipeline;
    private final Reward reward;
    private final PromptBatch prompts;
    private final Reference reference;
    private final double beta;

    /** The objective against {@code reference}, with constraint weight {@code beta}. */
    public MaskedDistanceObjective(
            DiffusionPipeline pipeline, Reward reward, PromptBatch prompts, Reference reference, double beta) {
        this.pipeline = pipeline;
        this.reward = reward;
        this.prompts = prompts;
        this.reference = reference;
        this.beta = beta;
    }

    @Override
    public DiffusionPipeline pipeline() {
        return pipeline;
    }

    @Override
    public Terms evaluateImages(NDArray image) {
        NDArray rewards = reward.score(new ImageBatch(image), prompts).reward();
        // Every operation starts from the image, so that its results (and graph) stay in the stage's manager.
        NDArray outside = image.sub(reference.image()).mul(reference.keep());
        NDArray distance = outside.square()
                .reshape(image.getShape().get(0), -1)
                .sum(new int[] {1})
                .add(NORM_EPSILON)
                .sqrt();
        NDArray objective = rewards.mean().sub(Scalars.mul(distance.mean(), beta));
        return new Terms(objective, rewards, distance);
    }
}
