package dev.focusnfix.plugins.sld;

/**
 * The five numbers of Safe Latent Diffusion's guidance (Schramowski et al. 2023, equations 3-8), named as diffusers'
 * {@code StableDiffusionPipelineSafe} names them without the {@code sld_} prefix.
 *
 * @param guidanceScale {@code sld_guidance_scale} (s_S): how fast the per-element safety scale saturates at 1;
 *     at most 1 disables safety guidance, as in diffusers
 * @param warmupSteps {@code sld_warmup_steps} (delta): the number of denoising steps before safety guidance is
 *     applied (momentum builds up from step 0)
 * @param threshold {@code sld_threshold} (lambda): elements where {@code e_prompt - e_concept >= threshold} get no
 *     safety guidance
 * @param momentumScale {@code sld_momentum_scale} (s_m): weight of the momentum added to the safety guidance
 * @param momBeta {@code sld_mom_beta} (beta_m): how much of the previous momentum is kept per step
 */
public record SldParameters(float guidanceScale, int warmupSteps, float threshold, float momentumScale, float momBeta) {

    /** Checks the values. */
    public SldParameters {
        if (!Float.isFinite(guidanceScale) || guidanceScale < 0) {
            throw new IllegalArgumentException("guidance-scale must be a finite number >= 0, got " + guidanceScale);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmup-steps must be >= 0, got " + warmupSteps);
        }
        if (!Float.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
        }
        if (!Float.isFinite(momentumScale) || momentumScale < 0) {
            throw new IllegalArgumentException("momentum-scale must be a finite number >= 0, got " + momentumScale);
        }
        if (!(momBeta >= 0 && momBeta <= 1)) {
            throw new IllegalArgumentException("mom-beta must be in [0, 1], got " + momBeta);
        }
    }

    /**
     * Whether safety guidance acts at a classifier-free guidance scale: as in diffusers, only when
     * {@code guidanceScale > 1} and the sampling is classifier-free guided ({@code cfg > 1}); otherwise the sampling
     * is the plain (classifier-free guided) chain.
     */
    public boolean enabledAt(float cfg) {
        return guidanceScale > 1f && cfg > 1f;
    }

    /** The parameters in diffusers' keyword spelling, for records and messages. */
    public String describe() {
        return "sld_guidance_scale=" + guidanceScale + ",sld_warmup_steps=" + warmupSteps + ",sld_threshold="
                + threshold + ",sld_momentum_scale=" + momentumScale + ",sld_mom_beta=" + momBeta;
    }
}
