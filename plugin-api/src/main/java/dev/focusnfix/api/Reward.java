package dev.focusnfix.api;

/**
 * A loaded reward {@code r(image, prompt)}. When {@link #isDifferentiable()} is true, {@link #score} keeps the
 * autograd graph from the images to the reward intact, so that tuners and saliency can back-propagate through it.
 */
@Stable(since = "0.1.0")
public interface Reward extends AutoCloseable {

    /** Whether the reward is differentiable with respect to the image pixels. */
    boolean isDifferentiable();

    /** Scores a batch of images against their prompts. */
    RewardOutput score(ImageBatch images, PromptBatch prompts);

    /** Releases the model; the default has nothing to release. */
    @Override
    default void close() {}
}
