package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.layers.GroupNorm;
import dev.focusnfix.nn.module.Module;
import java.util.function.UnaryOperator;

/**
 * diffusers {@code ResnetBlock2D} without a time embedding (as the autoencoder uses it):
 * {@code x + conv2(act(norm2(conv1(act(norm1(x))))))}, the skip path through a 1x1 {@code conv_shortcut} when the
 * channel count changes.
 */
final class VaeResnetBlock extends Module {

    private static final float EPS = 1e-6f;

    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;
    private final UnaryOperator<NDArray> act;

    VaeResnetBlock(int inChannels, int outChannels, int groups, UnaryOperator<NDArray> act) {
        this.act = act;
        this.norm1 = register("norm1", new GroupNorm(groups, inChannels, EPS));
        this.conv1 = register("conv1", new Conv2d(inChannels, outChannels, 3, 1, 1, true));
        this.norm2 = register("norm2", new GroupNorm(groups, outChannels, EPS));
        this.conv2 = register("conv2", new Conv2d(outChannels, outChannels, 3, 1, 1, true));
        this.convShortcut = inChannels != outChannels
                ? register("conv_shortcut", new Conv2d(inChannels, outChannels, 1, 1, 0, true))
                : null;
    }

    NDArray forward(NDArray x) {
        NDArray h = Ops.then(norm1.forward(x), act);
        h = Ops.then(h, conv1::forward);
        h = Ops.then(h, norm2::forward);
        h = Ops.then(h, act);
        h = Ops.then(h, conv2::forward);
        if (convShortcut == null) {
            return Ops.then(h, r -> x.add(r));
        }
        NDArray skip = convShortcut.forward(x);
        NDArray y = skip.add(h);
        skip.close();
        h.close();
        return y;
    }
}
