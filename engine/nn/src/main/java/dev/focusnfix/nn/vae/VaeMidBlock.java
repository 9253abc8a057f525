package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.function.UnaryOperator;

/** diffusers {@code UNetMidBlock2D} as the autoencoder uses it: resnet, self-attention (optional), resnet. */
final class VaeMidBlock extends Module {

    private final ModuleList<VaeResnetBlock> resnets;
    private final VaeAttention attention;

    VaeMidBlock(int channels, int groups, boolean addAttention, UnaryOperator<NDArray> act) {
        ModuleList<VaeAttention> attentions = register("attentions", new ModuleList<>());
        this.attention = addAttention ? attentions.add(new VaeAttention(channels, groups)) : null;
        this.resnets = register("resnets", new ModuleList<>());
        resnets.add(new VaeResnetBlock(channels, channels, groups, act));
        resnets.add(new VaeResnetBlock(channels, channels, groups, act));
    }

    /** Returns a new array; x is left to the caller. */
    NDArray forward(NDArray x) {
        NDArray h = resnets.get(0).forward(x);
        if (attention != null) {
            h = Ops.then(h, attention::forward);
        }
        return Ops.then(h, resnets.get(1)::forward);
    }
}
