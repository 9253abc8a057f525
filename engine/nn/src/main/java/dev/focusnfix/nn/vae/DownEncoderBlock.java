package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.function.UnaryOperator;

/** diffusers {@code DownEncoderBlock2D}: resnets, then (except at the coarsest level) a stride-2 downsampler. */
final class DownEncoderBlock extends Module {

    private final ModuleList<VaeResnetBlock> resnets;
    private final ModuleList<VaeDownsample> downsamplers;

    DownEncoderBlock(int inChannels, int outChannels, int layers, int groups, boolean downsample,
            UnaryOperator<NDArray> act) {
        this.resnets = register("resnets", new ModuleList<>());
        for (int i = 0; i < layers; i++) {
            resnets.add(new VaeResnetBlock(i == 0 ? inChannels : outChannels, outChannels, groups, act));
        }
        this.downsamplers = downsample ? register("downsamplers", new ModuleList<>()) : null;
        if (downsamplers != null) {
            downsamplers.add(new VaeDownsample(outChannels));
        }
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
        if (downsamplers != null) {
            NDArray input = h;
            h = downsamplers.get(0).forward(input);
            if (input != x) {
                input.close();
            }
        }
        return h;
    }
}
