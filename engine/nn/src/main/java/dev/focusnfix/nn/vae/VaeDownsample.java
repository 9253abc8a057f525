package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.module.Module;

/**
 * diffusers {@code Downsample2D} with {@code padding=0}, as the VAE encoder uses it: pad one zero row at the bottom and
 * one zero column at the right, then a 3x3 convolution with stride 2 ({@code conv}).
 */
final class VaeDownsample extends Module {

    private final Conv2d conv;

    VaeDownsample(int channels) {
        this.conv = register("conv", new Conv2d(channels, channels, 3, 2, 0, true));
    }

    NDArray forward(NDArray x) {
        // Pad widths are given last axis first, as torch.nn.functional.pad takes them: (left, right, top, bottom).
        NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0);
        return Ops.then(padded, conv::forward);
    }
}
