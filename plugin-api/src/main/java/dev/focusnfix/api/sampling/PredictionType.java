package dev.focusnfix.api.sampling;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.Stable;
import java.util.Locale;

/**
 * What a denoiser's output is, so that a caller converts it instead of guessing. With {@code a = alphaBar(t)},
 * {@code x_t = sqrt(a) x_0 + sqrt(1 - a) eps} (the variance-preserving diffusion of DDPM and DDIM).
 */
@Stable(since = "0.1.0")
public enum PredictionType {
    /** The noise {@code eps} added to {@code x_0} (Stable Diffusion v1, SDXL, LDM). */
    EPSILON,
    /** The velocity {@code v = sqrt(a) eps - sqrt(1 - a) x_0} (Salimans and Ho 2022; SD 2.x 768, zero-SNR models). */
    V_PREDICTION,
    /** The clean sample {@code x_0} itself. */
    SAMPLE,
    /**
     * The flow-matching velocity {@code u = eps - x_0} of a rectified-flow model ({@code x_s = (1 - s) x_0 + s eps},
     * SD3, FLUX). Room for such backbones: the conversions of {@link ModelOutput} do not cover it yet.
     */
    @Experimental
    FLOW_VELOCITY;

    /** The spelling diffusers configs use ({@code epsilon}, {@code v_prediction}, {@code sample}, ...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
