package dev.focusnfix.nn.pipeline;

import dev.focusnfix.api.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The text-to-image pipeline layouts this package loads, named after the diffusers pipeline class in
 * {@code model_index.json}. Each says where its autoencoder lives, how prompts are encoded and what the sampling
 * defaults of the diffusers pipeline are.
 */
public enum PipelineFamily {

    /** Stable Diffusion v1.x/v2.x: one CLIP tokenizer and text encoder, last hidden state. */
    STABLE_DIFFUSION("StableDiffusionPipeline", "vae", 7.5f),
    /** SDXL: two CLIP encoders (penultimate states concatenated), pooled embedding and size conditioning. */
    STABLE_DIFFUSION_XL("StableDiffusionXLPipeline", "vae", 5.0f),
    /** Latent Diffusion text-to-image: BERT WordPiece tokenizer padded to 77, LDMBert, the {@code vqvae} component. */
    LDM("LDMTextToImagePipeline", "vqvae", 1.0f);

    private final String className;
    private final String autoencoderComponent;
    private final float defaultGuidance;

    PipelineFamily(String className, String autoencoderComponent, float defaultGuidance) {
        this.className = className;
        this.autoencoderComponent = autoencoderComponent;
        this.defaultGuidance = defaultGuidance;
    }

    /** The diffusers pipeline class, as {@code model_index.json}'s {@code _class_name} names it. */
    public String className() {
        return className;
    }

    /** The component folder of the autoencoder. */
    public String autoencoderComponent() {
        return autoencoderComponent;
    }

    /** The guidance scale the diffusers pipeline uses when none is given. */
    public float defaultGuidance() {
        return defaultGuidance;
    }

    /** The family of a diffusers pipeline class name; unknown names are an error listing the supported ones. */
    public static PipelineFamily fromClassName(String className) {
        for (PipelineFamily family : values()) {
            if (family.className.equals(className)) {
                return family;
            }
        }
        throw new InvalidInputException("Unsupported pipeline class \"" + className + "\" (supported: "
                + Arrays.stream(values()).map(PipelineFamily::className).collect(Collectors.joining(", ")) + ")");
    }
}
