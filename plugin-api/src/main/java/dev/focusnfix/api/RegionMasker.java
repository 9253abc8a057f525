package dev.focusnfix.api;

/**
 * A configured region function: maps images to masks of the region a reward finds problematic. It never lets
 * gradients flow through the mask.
 */
@Stable(since = "0.1.0")
public interface RegionMasker extends AutoCloseable {

    /** Computes masks for images; {@code reward} is the experiment's reward, for functions that need it. */
    RegionResult mask(ImageBatch images, PromptBatch prompts, Reward reward);

    /** Releases resources; the default has none. */
    @Override
    default void close() {}
}
