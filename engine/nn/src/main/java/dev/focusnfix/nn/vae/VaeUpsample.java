package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.module.Module;

/** diffusers {@code Upsample2D}: nearest-neighbour 2x upsampling followed by a 3x3 convolution ({@code conv}). */
final class VaeUpsample extends Module {

    private final Conv2d conv;

    VaeUpsample(int channels) {
        this.conv = register("conv", new Conv2d(channels, channels, 3, 1, 1, true));
    }

    NDArray forward(NDArray x) {
        return Ops.then(nearest2x(x), conv::forward);
    }

    /** Each pixel becomes a 2x2 block: broadcast over two new unit axes, then fold them into H and W. */
    static NDArray nearest2x(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray expanded = x.reshape(n, c, h, 1, w, 1);
        NDArray tiled = Ops.then(expanded, e -> e.broadcast(n, c, h, 2, w, 2));
        return Ops.then(tiled, t -> t.reshape(n, c, 2 * h, 2 * w));
    }
}
