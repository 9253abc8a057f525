package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.function.UnaryOperator;

/** diffusers {@code UpDecoderBlock2D}: resnets, then (except at the finest level) a nearest 2x upsampler. */
final class UpDecoderBlock extends Module {

    private final ModuleList<VaeResnetBlock> resnets;
    private final ModuleList<VaeUpsample> upsamplers;

    UpDecoderBlock(int inChannels, int outChannels, int layers, int groups, boolean upsample,
            UnaryOperator<NDArray> act) {
        this.resnets = register("resnets", new ModuleList<>());
        for (int i = 0; i < layers; i++) {
            resnets.add(new VaeResnetBlock(i == 0 ? inChannels : outChannels, outChannels, groups, act));
        }
        this.upsamplers = upsample ? register("upsamplers", new ModuleList<>()) : null;
        if (upsamplers != null) {
            upsamplers.add(new VaeUpsample(outChannels));
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
        if (upsamplers != null) {
            NDArray input = h;
            h = upsamplers.get(0).forward(input);
            if (input != x) {
                input.close();
            }
        }
        return h;
    }
}
