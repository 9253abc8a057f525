package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.List;

/**
 * diffusers {@code DownBlock2D} / {@code CrossAttnDownBlock2D}: resnets (each followed by a transformer when the
 * block has cross-attention), then an optional stride-2 downsampler. Every layer's output is kept as a skip
 * connection for the matching up block.
 */
public final class DownBlock extends Module {

    private final ModuleList<ResnetBlock2D> resnets;
    private final ModuleList<Transformer2DModel> attentions;
    private final Downsample2D downsampler;

    /**
     * @param transformerDepths null for a block without attention, else the transformer depth of each layer
     */
    public DownBlock(
            int inChannels,
            int outChannels,
            int tembChannels,
            int layers,
            UNetConfig config,
            List<Integer> transformerDepths,
            int heads,
            int crossAttentionDim,
            boolean addDownsample) {
        resnets = register("resnets", new ModuleList<>());
        attentions = transformerDepths == null ? null : register("attentions", new ModuleList<>());
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(
                    i == 0 ? inChannels : outChannels,
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
        if (addDownsample) {
            ModuleList<Downsample2D> downsamplers = register("downsamplers", new ModuleList<>());
            downsampler = downsamplers.add(new Downsample2D(outChannels, config.downsamplePadding()));
        } else {
            downsampler = null;
        }
    }

    public boolean hasCrossAttention() {
        return attentions != null;
    }

    /** Number of skip connections this block emits (one per layer, plus one for the downsampler). */
    public int outputCount() {
        return resnets.size() + (downsampler == null ? 0 : 1);
    }

    /**
     * Runs the block on {@code x} (not closed) and appends each layer's output to {@code skips}; the last appended
     * array is the block's output.
     */
    public NDArray forward(NDArray x, NDArray temb, NDArray context, List<NDArray> skips) {
        NDArray h = x;
        for (int i = 0; i < resnets.size(); i++) {
            NDArray r = resnets.get(i).forward(h, temb);
            if (attentions != null) {
                r = Scratch.swap(r, attentions.get(i).forward(r, context));
            }
            h = r;
            skips.add(h);
        }
        if (downsampler != null) {
            h = downsampler.forward(h);
            skips.add(h);
        }
        return h;
    }
}
