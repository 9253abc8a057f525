package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;

/** diffusers {@code UNetMidBlock2DCrossAttn} (one layer): resnet, transformer, resnet at the lowest resolution. */
public final class MidBlockCrossAttn extends Module {

    private final ModuleList<ResnetBlock2D> resnets;
    private final ModuleList<Transformer2DModel> attentions;

    public MidBlockCrossAttn(
            int channels, int tembChannels, UNetConfig config, int transformerDepth, int heads, int crossAttentionDim) {
        resnets = register("resnets", new ModuleList<>());
        attentions = register("attentions", new ModuleList<>());
        resnets.add(new ResnetBlock2D(
                channels,
                channels,
                tembChannels,
                config.normNumGroups(),
                config.normEps(),
                config.midBlockScaleFactor(),
                config.scaleShiftTimeEmbedding()));
        attentions.add(new Transformer2DModel(
                channels,
                heads,
                transformerDepth,
                crossAttentionDim,
                config.normNumGroups(),
                config.useLinearProjection(),
                config.upcastAttention()));
        resnets.add(new ResnetBlock2D(
                channels,
                channels,
                tembChannels,
                config.normNumGroups(),
                config.normEps(),
                config.midBlockScaleFactor(),
                config.scaleShiftTimeEmbedding()));
    }

    /** x [N, C, H, W] (not closed) -> [N, C, H, W]. */
    public NDArray forward(NDArray x, NDArray temb, NDArray context) {
        NDArray h = resnets.get(0).forward(x, temb);
        for (int i = 0; i < attentions.size(); i++) {
            h = Scratch.swap(h, attentions.get(i).forward(h, context));
            h = Scratch.swap(h, resnets.get(i + 1).forward(h, temb));
        }
        return h;
    }
}
