package dev.focusnfix.plugins.guidance;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;

/**
 * Options of the {@code reward-guidance} tuner. The defaults are the paper's settings: {@code lambda = 2}, gradients
 * clipped to L2 norm 2, guidance from step 10 of 50.
 *
 * @param lambda guidance strength: the noise prediction moves by {@code lambda * sqrt(1 - alphaBar_t)} times the
 *     clipped reward gradient
 * @param gradClip the L2 norm each sample's reward gradient (over all latent elements) is clipped to; 0 disables
 *     clipping
 * @param startFraction the fraction of the denoising steps run unguided before guidance starts; the first guided
 *     step is {@code round(startFraction * steps)}
 * @param useRegion restrict guidance to the experiment's region mask when the experiment has a region function
 *     (RG + RC); without a region function guidance acts everywhere (plain RG)
 * @param maskSource which image the region function is asked about, once per sample
 * @param maskResize how the pixel mask is reduced to the latent grid
 */
public record RewardGuidanceOptions(
        @Doc("guidance strength lambda (paper: 2.0)") @DefaultValue("2.0") @Range(min = 0) float lambda,
        @Doc("L2 norm each sample's reward gradient is clipped to; 0: no clipping (paper: 2.0)")
                @DefaultValue("2.0")
                @Range(min = 0)
                float gradClip,
        @Doc("fraction of the steps run unguided before guidance starts (paper: step 10 of 50 = 0.2)")
                @DefaultValue("0.2")
                @Range(min = 0, max = 1)
                float startFraction,
        @Doc("guide only inside the experiment's region mask, when it has a region function (RG + RC)")
                @DefaultValue("true")
                boolean useRegion,
        @Doc("image the mask is computed from: reference (the unguided sample of the same x_T, as Focus-N-Fix)"
                        + " or prediction (the predicted clean image at the first guided step)")
                @DefaultValue("reference")
                MaskSource maskSource,
        @Doc("pixel mask to latent grid: area (mean over each latent cell) or nearest (the cell's centre pixel)")
                @DefaultValue("area")
                MaskResize maskResize) {

    /** Which image the region function is asked about. */
    public enum MaskSource {
        /**
         * The unguided sample of the same {@code x_T}: the base model's image whose problematic region guidance may
         * change, as in Focus-N-Fix's {@code M(I0)}. Costs one unguided run from the start step to the end.
         */
        REFERENCE,
        /** The unguided prediction of the clean image at the first guided step: no extra sampling, a blurrier image. */
        PREDICTION
    }

    /** How a pixel mask becomes a latent-grid mask. */
    public enum MaskResize {
        /** The mean of the pixels each latent cell covers (a soft border). */
        AREA,
        /** The pixel at each latent cell's centre (a hard border). */
        NEAREST
    }

    /** Checks what the binder cannot, and fills enum defaults for direct construction. */
    public RewardGuidanceOptions {
        if (!Float.isFinite(lambda) || lambda < 0) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        if (!Float.isFinite(gradClip) || gradClip < 0) {
            throw new IllegalArgumentException(
                    "gradClip must be a finite number >= 0 (0: no clipping), got " + gradClip);
        }
        if (!(startFraction >= 0 && startFraction <= 1)) {
            throw new IllegalArgumentException("startFraction must be in [0, 1], got " + startFraction);
        }
        maskSource = maskSource == null ? MaskSource.REFERENCE : maskSource;
        maskResize = maskResize == null ? MaskResize.AREA : maskResize;
    }

    /** The paper's settings: lambda 2, clip 2, start at 20% of the steps, the region when there is one. */
    public static RewardGuidanceOptions defaults() {
        return new RewardGuidanceOptions(2f, 2f, 0.2f, true, MaskSource.REFERENCE, MaskResize.AREA);
    }

    /** The same options with another guidance strength. */
    public RewardGuidanceOptions withLambda(float newLambda) {
        return new RewardGuidanceOptions(newLambda, gradClip, startFraction, useRegion, maskSource, maskResize);
    }

    /** The same options with another clipping norm. */
    public RewardGuidanceOptions withGradClip(float newGradClip) {
        return new RewardGuidanceOptions(lambda, newGradClip, startFraction, useRegion, maskSource, maskResize);
    }

    /** The same options with another mask source. */
    public RewardGuidanceOptions withMaskSource(MaskSource newMaskSource) {
        return new RewardGuidanceOptions(lambda, gradClip, startFraction, useRegion, newMaskSource, maskResize);
    }

    /** The index of the first guided step in a run of {@code steps} steps. */
    public int startStep(int steps) {
        return Math.min(steps, Math.round(startFraction * steps));
    }
}
