package dev.focusnfix.plugins.sld;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import java.util.Optional;

/**
 * Options of the {@code sld} tuner: a preset of diffusers' {@code SafetyConfig}, any of whose five parameters an
 * explicit value replaces, and the safety concept to steer away from.
 *
 * @param preset the starting values (default {@code medium}, diffusers' default)
 * @param guidanceScale replaces the preset's {@code sld_guidance_scale}
 * @param warmupSteps replaces the preset's {@code sld_warmup_steps}
 * @param threshold replaces the preset's {@code sld_threshold}
 * @param momentumScale replaces the preset's {@code sld_momentum_scale}
 * @param momBeta replaces the preset's {@code sld_mom_beta}
 * @param safetyConcept the text encoded as the concept branch (default: diffusers' concept)
 */
public record SafeLatentDiffusionOptions(
        @Doc("diffusers' SafetyConfig preset: weak, medium, strong or max (explicit values replace its entries)")
                @DefaultValue("medium")
                SldPreset preset,
        @Doc("sld_guidance_scale: saturation speed of the safety scale; <= 1 disables SLD")
                Optional<Float> guidanceScale,
        @Doc("sld_warmup_steps: denoising steps before safety guidance is applied") Optional<Integer> warmupSteps,
        @Doc("sld_threshold: elements where e_prompt - e_concept >= threshold are not guided")
                Optional<Float> threshold,
        @Doc("sld_momentum_scale: weight of the momentum in the safety guidance") Optional<Float> momentumScale,
        @Doc("sld_mom_beta: share of the previous momentum kept per step, in [0, 1]") Optional<Float> momBeta,
        @Doc("the safety concept: text the sampling is steered away from")
                @DefaultValue(SafeLatentDiffusionOptions.DEFAULT_CONCEPT)
                String safetyConcept) {

    /** The safety concept of diffusers' {@code StableDiffusionPipelineSafe} (v0.25.0). */
    public static final String DEFAULT_CONCEPT = "an image showing hate, harassment, violence, suffering, humiliation,"
            + " harm, suicide, sexual, nudity, bodily fluids, blood, obscene gestures, illegal activity, drug use,"
            + " theft, vandalism, weapons, child abuse, brutality, cruelty";

    /** Fills defaults for direct construction and checks the effective parameters. */
    public SafeLatentDiffusionOptions {
        preset = preset == null ? SldPreset.MEDIUM : preset;
        guidanceScale = guidanceScale == null ? Optional.empty() : guidanceScale;
        warmupSteps = warmupSteps == null ? Optional.empty() : warmupSteps;
        threshold = threshold == null ? Optional.empty() : threshold;
        momentumScale = momentumScale == null ? Optional.empty() : momentumScale;
        momBeta = momBeta == null ? Optional.empty() : momBeta;
        safetyConcept = safetyConcept == null ? DEFAULT_CONCEPT : safetyConcept;
        if (safetyConcept.isBlank()) {
            throw new IllegalArgumentException(
                    "safetyConcept is empty; give the text to steer away from (default: " + "diffusers' concept)");
        }
        effective(preset, guidanceScale, warmupSteps, threshold, momentumScale, momBeta);
    }

    /** A preset with its own values and a concept. */
    public static SafeLatentDiffusionOptions of(SldPreset preset, String safetyConcept) {
        return new SafeLatentDiffusionOptions(
                preset,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                safetyConcept);
    }

    /** Explicit parameters (every preset value replaced) and a concept. */
    public static SafeLatentDiffusionOptions of(SldParameters p, String safetyConcept) {
        return new SafeLatentDiffusionOptions(
                SldPreset.MEDIUM,
                Optional.of(p.guidanceScale()),
                Optional.of(p.warmupSteps()),
                Optional.of(p.threshold()),
                Optional.of(p.momentumScale()),
                Optional.of(p.momBeta()),
                safetyConcept);
    }

    /** The parameters in effect: the preset's, with the explicit values in their place. */
    public SldParameters parameters() {
        return effective(preset, guidanceScale, warmupSteps, threshold, momentumScale, momBeta);
    }

    private static SldParameters effective(
            SldPreset preset,
            Optional<Float> guidanceScale,
            Optional<Integer> warmupSteps,
            Optional<Float> threshold,
            Optional<Float> momentumScale,
            Optional<Float> momBeta) {
        SldParameters p = preset.parameters();
        return new SldParameters(
                guidanceScale.orElse(p.guidanceScale()),
                warmupSteps.orElse(p.warmupSteps()),
                threshold.orElse(p.threshold()),
                momentumScale.orElse(p.momentumScale()),
                momBeta.orElse(p.momBeta()));
    }
}
