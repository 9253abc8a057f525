package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.List;

/**
 * diffusers {@code UpBlock2D} / {@code CrossAttnUpBlock2D}: for each layer, concatenate the latest skip connection
 * on the channel axis, a resnet, and a transformer when the block has cross-attention; then an optional 2x
 * nearest upsampler with a convolution.
 */
public final class UpBlock extends Module {

    private final ModuleList<ResnetBlock2D> resnets;
    private final ModuleList<Transformer2DModel> attentions;
    private final Upsample2D upsampler;

    /**
     * @param inChannels width of the skip connection from this level's input (used by the last layer)
     * @param prevOutputChannels width of the hidden state coming from the block below
     * @param transformerDepths null for a block without attention, else the transformer depth of each layer
     */
    public UpBlock(
            int inChannels,
            int outChannels,
            int prevOutputChannels,
            int tembChannels,
            int layers,
            UNetConfig config,
            List<Integer> transformerDepths,
            int heads,
            int crossAttentionDim,
            boolean addUpsample) {
        resnets = register("resnets", new ModuleList<>());
        attentions = transformerDepths == null ? null : register("attentions", new ModuleList<>());
        for (int i = 0; i < layers; i++) {
            int skipChannels = i == layers - 1 ? inChannels : outChannels;
            int resnetIn = i == 0 ? prevOutputChannels : outChannels;
            resnets.add(new ResnetBlock2D(
                    resnetIn + skipChannels,
                    outChannels,
                    tembChannels,
                    config.normNumGroups(),
                    config.normEps(),
                    1.0,
                    config.scaleShiftTimeEmbedding()));
            if (attentions != null) {
                attentions.add(new Transformer2DModel(
                        outChannels,
                        heads,
                        transformerDepths.get(i),
                        crossAttentionDim,
                        config.normNumGroups(),
                        config.useLinearProjection(),
                        config.upcastAttention()));
            }
        }
        if (addUpsample) {
            ModuleList<Upsample2D> upsamplers = register("upsamplers", new ModuleList<>());
            upsampler = upsamplers.add(new Upsample2D(outChannels));
        } else {
            upsampler = null;
        }
    }

    public boolean hasCrossAttention() {
        return attentions != null;
    }

    /** Number of skip connections this block consumes (one per resnet). */
    public int skipCount() {
        return resnets.size();
    }

    /**
     * Runs the block on {@code x} (not closed), consuming skip connections from the end of {@code skips}
     * (removed from the list, not closed). {@code upsampleSize} is null for the usual 2x.
     */
    public NDArray forward(NDArray x, NDArray temb, NDArray context, List<NDArray> skips, long[] upsampleSize) {
        NDArray h = x;
        for (int i = 0; i < resnets.size(); i++) {
            NDArray skip = skips.remove(skips.size() - 1);
            NDArray joined = h.concat(skip, 1);
            if (h != x) {
                h.close();
            }
            h = Scratch.swap(joined, resnets.get(i).forward(joined, temb));
            if (attentions != null) {
                h = Scratch.swap(h, attentions.get(i).forward(h, context));
            }
        }
        if (upsampler != null) {
            h = Scratch.swap(h, upsampler.forward(h, upsampleSize), x);
        }
        return h;
    }
}
