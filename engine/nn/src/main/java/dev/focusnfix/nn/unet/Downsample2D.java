package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.module.Module;

/**
 * diffusers {@code Downsample2D} with a convolution: 3x3 {@code conv} with stride 2. With padding 0 the input is
 * first padded by one on the right and bottom only, as diffusers does.
 */
public final class Downsample2D extends Module {

    private final int padding;
    private final Conv2d conv;

    public Downsample2D(int channels, int padding) {
        this.padding = padding;
        conv = register("conv", new Conv2d(channels, channels, 3, 2, padding, true));
    }

    /** x [N, C, H, W] -> [N, C, H/2, W/2]. */
    public NDArray forward(NDArray x) {
        if (padding != 0) {
            return conv.forward(x);
        }
        // Pad widths are given from the last axis backwards, as torch.nn.functional.pad takes them.
        NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0);
        return Scratch.swap(padded, conv.forward(padded));
    }
}
