package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;

/**
 * The encoder's diagonal Gaussian over latents (diffusers {@code DiagonalGaussianDistribution}):
 * {@code std = exp(0.5 * clamp(logvar, -30, 20))}. Arrays live in the encoded image's manager.
 *
 * @param mean   the mean, [N, latent_channels, h, w]
 * @param logvar the clamped log-variance
 * @param std    the standard deviation
 */
public record LatentDistribution(NDArray mean, NDArray logvar, NDArray std) {

    /** A draw {@code mean + std * noise}, with standard normal noise supplied by the caller. */
    public NDArray sample(NDArray noise) {
        NDArray scaled = std.mul(noise);
        NDArray z = mean.add(scaled);
        scaled.close();
        return z;
    }

    /** The mode (the mean), what deterministic pipelines use. */
    public NDArray mode() {
        return mean;
    }
}
