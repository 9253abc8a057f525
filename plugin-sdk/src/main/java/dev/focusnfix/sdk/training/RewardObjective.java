package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;

/** DRaFT's objective: the mean reward of the decoded images, {@code J = mean_n r(decode(z_n), c_n)}. */
@Experimental
public final class RewardObjective implements ImageObjective {

    private final DiffusionPipeline pipeline;
    private final Reward reward;
    private final PromptBatch prompts;

    /** The mean reward of the images the pipeline decodes, against {@code prompts}. */
    public RewardObjective(DiffusionPipeline pipeline, Reward reward, PromptBatch prompts) {
        this.pipeline = pipeline;
        this.reward = reward;
        this.prompts = prompts;
    }

    @Override
    public DiffusionPipeline pipeline() {
        return pipeline;
    }

    @Override
    public Terms evaluateImages(NDArray images) {
        NDArray rewards = reward.score(new ImageBatch(images), prompts).reward();
        return new Terms(rewards.mean(), rewards, null);
    }
}
