package dev.focusnfix.examples.colorfulness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;
import org.pf4j.Extension;

/**
 * The colorfulness metric of Hasler and Suesstrunk (2003) as a differentiable reward:
 * {@code sqrt(var(rg) + var(yb)) + 0.3 * sqrt(mean(rg)^2 + mean(yb)^2)} with {@code rg = R - G} and
 * {@code yb = (R + G) / 2 - B}, on pixel values in [0, 1], times {@code scale}. Written against {@code plugin-api}
 * and DJL operations only: a template for third-party rewards.
 */
@Extension
public final class ColorfulnessReward implements RewardModel<ColorfulnessReward.Options> {

    /**
     * Options.
     *
     * @param scale multiplies the metric (negative values reward dull images)
     * @param epsilon keeps the square roots differentiable at zero
     */
    public record Options(
            @Doc("multiplies the metric; negative rewards dull images") @DefaultValue("1.0") float scale,
            @Doc("added under the square roots") @DefaultValue("1e-6") @Range(min = 0) float epsilon) {}

    @Override
    public String id() {
        return "colorfulness";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "Hasler-Suesstrunk colorfulness (example third-party plugin)";
    }

    @Override
    public boolean isDifferentiable(Options options) {
        return true;
    }

    @Override
    public Reward open(Options options, ExtensionContext context) {
        return new Reward() {
            @Override
            public boolean isDifferentiable() {
                return true;
            }

            @Override
            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                return RewardOutput.of(times(colorfulness(images.pixels(), options.epsilon()), options.scale()));
            }
        };
    }

    /** The metric per image of a {@code [N,3,H,W]} batch. */
    static NDArray colorfulness(NDArray pixels, float epsilon) {
        // Flatten the pixels of each image: [N, H*W] per opponent channel.
        NDArray flat = pixels.reshape(pixels.getShape().get(0), 3, -1);
        NDArray r = flat.get(new NDIndex(":, 0"));
        NDArray g = flat.get(new NDIndex(":, 1"));
        NDArray b = flat.get(new NDIndex(":, 2"));
        NDArray rg = r.sub(g);
        NDArray yb = times(r.add(g), 0.5f).sub(b);
        NDArray meanRg = rg.mean(new int[] {1});
        NDArray meanYb = yb.mean(new int[] {1});
        NDArray varRg = rg.sub(meanRg.expandDims(1)).square().mean(new int[] {1});
        NDArray varYb = yb.sub(meanYb.expandDims(1)).square().mean(new int[] {1});
        NDArray spread = varRg.add(varYb).add(epsilon).sqrt();
        NDArray offset = meanRg.square().add(meanYb.square()).add(epsilon).sqrt();
        return spread.add(times(offset, 0.3f));
    }

    /**
     * {@code x * value}. Not {@code x.mul(value)}: on DJL's CPU PyTorch engine that wraps the number in a tensor over
     * a Java buffer which autograd keeps for the backward pass after DJL has freed it (garbage gradients after a
     * garbage collection). A scalar made by {@code full} lives in memory libtorch owns.
     */
    static NDArray times(NDArray x, float value) {
        NDArray s = x.getManager().full(new Shape(), value, x.getDataType());
        if (!s.getDevice().equals(x.getDevice())) {
            NDArray moved = s.toDevice(x.getDevice(), false);
            s.close();
            s = moved;
        }
        try (NDArray scalar = s) {
            return x.mul(scalar);
        }
    }
}
