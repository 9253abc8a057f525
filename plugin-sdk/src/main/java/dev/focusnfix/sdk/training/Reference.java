package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Adapters;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.pipeline.Sampler;

/**
 * What Focus-N-Fix compares against: the reference images {@code I0} of the pretrained model (adapters at scale 0)
 * from the same {@code x_T}, and where they may not change, {@code keep = 1 - M(I0)}. Neither carries gradients.
 *
 * @param image {@code I0}, {@code [N,3,H,W]} in [0,1]
 * @param keep {@code 1 - M(I0)}, {@code [N,1,H,W]} in [0,1]
 */
@Experimental
public record Reference(NDArray image, NDArray keep) {

    /**
     * Samples the reference images with the adapters switched off and masks them (outside any gradient collector:
     * a saliency region function opens its own). Without a region function the mask is all ones (nothing is kept:
     * the constraint vanishes and the method is DRaFT).
     */
    public static Reference compute(
            DiffusionPipeline pipeline,
            Conditioning conditioning,
            NDArray xT,
            PromptBatch prompts,
            SamplingSettings settings,
            long noiseSeed,
            RegionMasker region,
            Reward reward,
            NDManager manager) {
        Adapters adapters = pipeline.adapters();
        float scale = adapters.scale();
        NDArray latents;
        adapters.setScale(0f);
        try {
            latents = Sampler.of(pipeline).sample(conditioning, xT, settings, noiseSeed, null);
        } finally {
            adapters.setScale(scale);
        }
        NDArray image = pipeline.decode(latents);
        latents.close();
        image.attach(manager);
        NDArray keep;
        if (region == null) {
            Shape s = image.getShape();
            keep = manager.zeros(new Shape(s.get(0), 1, s.get(2), s.get(3)), image.getDataType());
        } else {
            NDArray mask =
                    region.mask(new ImageBatch(image), prompts, reward).mask().values();
            NDArray values =
                    mask.stopGradient().toType(image.getDataType(), false).toDevice(image.getDevice(), false);
            values.attach(manager);
            keep = Scalars.rsub(1, values);
            keep.attach(manager);
        }
        return new Reference(image, keep);
    }
}
