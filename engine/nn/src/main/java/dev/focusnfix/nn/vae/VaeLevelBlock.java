package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The block of one resolution level, diffusers {@code DownEncoderBlock2D} (encoder) and {@code UpDecoderBlock2D}
 * (decoder), which differ only in their resampler: resnets, then optionally a stride-2 downsampler
 * ({@code downsamplers.0}) or a nearest 2x upsampler ({@code upsamplers.0}).
 */
final class VaeLevelBlock extends Module {

    /** What follows the resnets. */
    enum Resampling {
        NONE,
        DOWN,
        UP
    }

    private final ModuleList<VaeResnetBlock> resnets;
    private final UnaryOperator<NDArray> resample;

    VaeLevelBlock(
            int inChannels,
            int outChannels,
            int layers,
            int groups,
            Resampling resampling,
            UnaryOperator<NDArray> act) {
        this.resnets = register("resnets", new ModuleList<>());
        for (int i = 0; i < layers; i++) {
            resnets.add(new VaeResnetBlock(i == 0 ? inChannels : outChannels, outChannels, groups, act));
        }
        this.resample = switch (resampling) {
            case NONE -> null;
            case DOWN ->
                register("downsamplers", new ModuleList<VaeDownsample>()).add(new VaeDownsample(outChannels))::forward;
            case UP -> register("upsamplers", new ModuleList<VaeUpsample>()).add(new VaeUpsample(outChannels))::forward;
        };
    }

    /**
     * The block as a chain of stages, each resnet and then the resampler: {@link #forward} is their composition.
     * Each stage returns a new array and leaves its input to the caller.
     */
    List<UnaryOperator<NDArray>> stages() {
        List<UnaryOperator<NDArray>> stages = new ArrayList<>();
        for (VaeResnetBlock resnet : resnets) {
            stages.add(resnet::forward);
        }
        if (resample != null) {
            stages.add(resample);
        }
        return stages;
    }

    /** Returns a new array; x is left to the caller. */
    NDArray forward(NDArray x) {
        NDArray h = x;
        for (VaeResnetBlock resnet : resnets) {
            NDArray input = h;
            h = resnet.forward(input);
            if (input != x) {
                input.close();
            }
        }
        if (resample != null) {
            NDArray input = h;
            h = resample.apply(input);
            if (input != x) {
                input.close();
            }
        }
        return h;
    }
}
