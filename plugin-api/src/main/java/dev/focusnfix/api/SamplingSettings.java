package dev.focusnfix.api;

/**
 * How to sample: image size, DDIM steps, classifier-free guidance scale and DDIM eta (0 = deterministic).
 *
 * @param height image height in pixels
 * @param width image width in pixels
 * @param steps number of denoising steps
 * @param guidance classifier-free guidance scale; 1 disables the unconditional branch
 * @param eta DDIM stochasticity
 */
@Stable(since = "0.1.0")
public record SamplingSettings(int height, int width, int steps, float guidance, float eta) {

    /** Checks the values. */
    public SamplingSettings {
        if (height <= 0 || width <= 0) {
            throw new InvalidInputException("image size must be positive, got " + height + "x" + width);
        }
        if (steps <= 0) {
            throw new InvalidInputException("steps must be positive, got " + steps);
        }
        if (!(eta >= 0) || !Float.isFinite(eta)) {
            throw new InvalidInputException("eta must be a finite number >= 0, got " + eta);
        }
        if (!Float.isFinite(guidance)) {
            throw new InvalidInputException("guidance must be a finite number, got " + guidance);
        }
    }
}
