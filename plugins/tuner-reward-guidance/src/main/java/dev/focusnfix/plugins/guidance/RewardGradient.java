package dev.focusnfix.plugins.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.sampling.ModelOutput;

/**
 * The reward gradient of one denoising step: {@code g = d sum_n r(decode(x0_hat(x_t)), c_n) / d x_t}, where
 * {@code x0_hat} is the clean latent predicted from the (classifier-free guided) model output at {@code t}. The
 * gradient flows through the reward, the decoder and the denoiser. One gradient collector is open for the forward
 * and backward pass only, and closed before this returns, so callers may run region functions (which open their
 * own) afterwards.
 */
final class RewardGradient {

    /**
     * What one step computed; every array is detached and lives in {@code x_t}'s manager.
     *
     * @param output the guided model output at {@code t}, with its prediction type
     * @param gradient the reward gradient with respect to {@code x_t}, shaped like it
     * @param image the decoded predicted clean image {@code [N,3,H,W]}
     * @param reward the reward of {@code image}, {@code [N]}
     */
    record Signal(ModelOutput output, NDArray gradient, NDArray image, NDArray reward) {}

    private RewardGradient() {}

    /**
     * Runs the step's forward pass with gradients and back-propagates the summed reward to {@code xt}. {@code xt}
     * itself is left as it was (the gradient is taken on a copy); callers scope memory by passing latents that live
     * in a short-lived manager.
     */
    static Signal at(
            DiffusionPipeline pipeline,
            Reward reward,
            NDArray xt,
            int t,
            Conditioning conditioning,
            float guidance,
            PromptBatch prompts) {
        NDArray x = xt.duplicate();
        x.setRequiresGradient(true);
        ModelOutput output;
        NDArray image;
        NDArray r;
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            output = pipeline.predict(x, t, conditioning, guidance);
            NDArray x0 = pipeline.predictOriginal(x, output, t);
            image = pipeline.decode(x0);
            r = reward.score(new ImageBatch(image), prompts).reward();
            // Samples are independent, so the gradient of the sum is each sample's own reward gradient.
            collector.backward(r.sum());
        }
        return new Signal(
                output.withValue(detached(output.value(), xt)),
                detached(x.getGradient(), xt),
                detached(image, xt),
                detached(r, xt));
    }

    /** A detached copy in {@code home}'s manager, whatever manager the producer used. */
    private static NDArray detached(NDArray array, NDArray home) {
        NDArray d = array.stopGradient();
        d.attach(home.getManager());
        return d;
    }
}
