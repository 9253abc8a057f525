package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Activations;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.layers.GroupNorm;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * diffusers {@code Decoder}: conv_in, the mid block, one {@code UpDecoderBlock2D} ({@link VaeLevelBlock}) per level
 * from coarse to fine (each with {@code layers_per_block + 1} resnets), then group norm, SiLU and conv_out to image
 * channels.
 */
final class VaeDecoder extends Module {

    private final Conv2d convIn;
    private final VaeMidBlock midBlock;
    private final ModuleList<VaeLevelBlock> upBlocks;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    VaeDecoder(AutoencoderKLConfig config) {
        List<Integer> channels = config.blockOutChannels();
        int groups = config.normNumGroups();
        UnaryOperator<NDArray> act = Activations.byName(config.actFn());
        int levels = channels.size();
        int coarsest = channels.get(levels - 1);
        this.convIn = register("conv_in", new Conv2d(config.latentChannels(), coarsest, 3, 1, 1, true));
        this.midBlock = register("mid_block", new VaeMidBlock(coarsest, groups, config.midBlockAddAttention(), act));
        this.upBlocks = register("up_blocks", new ModuleList<>());
        int previous = coarsest;
        for (int i = 0; i < levels; i++) {
            int out = channels.get(levels - 1 - i);
            upBlocks.add(new VaeLevelBlock(
                    previous,
                    out,
                    config.layersPerBlock() + 1,
                    groups,
                    i < levels - 1 ? VaeLevelBlock.Resampling.UP : VaeLevelBlock.Resampling.NONE,
                    act));
            previous = out;
        }
        int finest = channels.get(0);
        this.convNormOut = register("conv_norm_out", new GroupNorm(groups, finest, 1e-6f));
        this.convOut = register("conv_out", new Conv2d(finest, config.outChannels(), 3, 1, 1, true));
    }

    NDArray forward(NDArray latents) {
        NDArray h = convIn.forward(latents);
        h = Ops.then(h, midBlock::forward);
        for (VaeLevelBlock block : upBlocks) {
            h = Ops.then(h, block::forward);
        }
        return Ops.then(h, this::output);
    }

    /**
     * The decoder as a chain of stages whose composition is {@link #forward}: conv_in with the mid block (at the
     * latent resolution, small), then every resnet and upsampler of every level, then the output head. The
     * full-resolution levels dominate the decoder's activations, so a backward pass that recomputes one stage at a
     * time holds one resnet's activations instead of all of them. Each stage returns a new array and leaves its
     * input to the caller.
     */
    List<UnaryOperator<NDArray>> stages() {
        List<UnaryOperator<NDArray>> stages = new ArrayList<>();
        stages.add(latents -> Ops.then(convIn.forward(latents), midBlock::forward));
        for (VaeLevelBlock block : upBlocks) {
            stages.addAll(block.stages());
        }
        stages.add(this::output);
        return stages;
    }

    /** group norm, SiLU and conv_out; returns a new array, h is left to the caller. */
    private NDArray output(NDArray h) {
        return Ops.then(convNormOut.forwardSilu(h), convOut::forward);
    }
}
