package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Activations;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.layers.GroupNorm;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * diffusers {@code Encoder}: conv_in, one {@code DownEncoderBlock2D} ({@link VaeLevelBlock}) per level, the mid block, then
 * group norm, SiLU and conv_out to {@code 2 * latent_channels} (mean and log-variance).
 */
final class VaeEncoder extends Module {

    private final Conv2d convIn;
    private final ModuleList<VaeLevelBlock> downBlocks;
    private final VaeMidBlock midBlock;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    private final UnaryOperator<NDArray> act;

    VaeEncoder(AutoencoderKLConfig config) {
        List<Integer> channels = config.blockOutChannels();
        int groups = config.normNumGroups();
        this.act = Activations.byName(config.actFn());
        this.convIn = register("conv_in", new Conv2d(config.inChannels(), channels.get(0), 3, 1, 1, true));
        this.downBlocks = register("down_blocks", new ModuleList<>());
        int previous = channels.get(0);
        for (int i = 0; i < channels.size(); i++) {
            int out = channels.get(i);
            downBlocks.add(new VaeLevelBlock(
                    previous,
                    out,
                    config.layersPerBlock(),
                    groups,
                    i < channels.size() - 1 ? VaeLevelBlock.Resampling.DOWN : VaeLevelBlock.Resampling.NONE,
                    act));
            previous = out;
        }
        int last = channels.get(channels.size() - 1);
        this.midBlock = register("mid_block", new VaeMidBlock(last, groups, config.midBlockAddAttention(), act));
        this.convNormOut = register("conv_norm_out", new GroupNorm(groups, last, 1e-6f));
        // The final activation is always SiLU in diffusers (nn.SiLU), whatever act_fn says.
        this.convOut = register("conv_out", new Conv2d(last, 2L * config.latentChannels(), 3, 1, 1, true));
    }

    NDArray forward(NDArray image) {
        NDArray h = convIn.forward(image);
        for (VaeLevelBlock block : downBlocks) {
            h = Ops.then(h, block::forward);
        }
        h = Ops.then(h, midBlock::forward);
        h = Ops.then(h, convNormOut::forwardSilu);
        return Ops.then(h, convOut::forward);
    }
}
