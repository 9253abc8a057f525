package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.module.Module;

/** diffusers {@code Upsample2D} with a convolution: nearest-neighbour 2x (or to a given size), then 3x3 {@code conv}. */
public final class Upsample2D extends Module {

    private final Conv2d conv;

    public Upsample2D(int channels) {
        conv = register("conv", new Conv2d(channels, channels, 3, 1, 1, true));
    }

    /** x [N, C, H, W] -> [N, C, 2H, 2W], or [N, C, size[0], size[1]] when {@code size} is given. */
    public NDArray forward(NDArray x, long[] size) {
        NDArray up;
        if (size == null) {
            // Nearest 2x is repeating every row and column twice.
            NDArray rows = x.repeat(2, 2);
            up = Scratch.swap(rows, rows.repeat(3, 2));
        } else {
            up = x.getNDArrayInternal().interpolation(size, 0, false);
        }
        return Scratch.swap(up, conv.forward(up));
    }
}
