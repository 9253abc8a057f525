package dev.focusnfix.sdk.backbone;

import dev.focusnfix.api.Stable;
import dev.focusnfix.nn.pipeline.PipelineFamily;

/**
 * The diffusers pipeline layouts a {@link DiffusersBackbone} can load, named after the diffusers pipeline class in
 * {@code model_index.json}. The SDK's name for the engine's internal pipeline family, so that backbone plugins never
 * see the engine type.
 */
@Stable(since = "0.2.0")
public enum DiffusersFamily {

    /** Stable Diffusion v1.x/v2.x ({@code StableDiffusionPipeline}). */
    STABLE_DIFFUSION(PipelineFamily.STABLE_DIFFUSION),
    /** SDXL ({@code StableDiffusionXLPipeline}): two text encoders, pooled embedding and size conditioning. */
    STABLE_DIFFUSION_XL(PipelineFamily.STABLE_DIFFUSION_XL),
    /** Latent Diffusion text-to-image ({@code LDMTextToImagePipeline}): LDMBert and a VQ autoencoder. */
    LDM(PipelineFamily.LDM);

    private final PipelineFamily engineFamily;

    DiffusersFamily(PipelineFamily engineFamily) {
        this.engineFamily = engineFamily;
    }

    /** The diffusers pipeline class, as {@code model_index.json}'s {@code _class_name} names it. */
    public String className() {
        return engineFamily.className();
    }

    /** The guidance scale the diffusers pipeline uses when none is given. */
    public float defaultGuidance() {
        return engineFamily.defaultGuidance();
    }

    /** The engine's family: for the SDK's own loading code only. */
    PipelineFamily engineFamily() {
        return engineFamily;
    }
}
