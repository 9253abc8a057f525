package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.layers.Activations;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.layers.GroupNorm;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;

/**
 * diffusers {@code ResnetBlock2D} (pre-norm, silu): {@code norm1, silu, conv1, + time_emb_proj(silu(temb)),
 * norm2, silu, conv2}, plus the input (through a 1x1 {@code conv_shortcut} when the width changes), divided by
 * {@code outputScaleFactor}. With scale-shift time embedding, the projection gives {@code (scale, shift)} applied
 * after norm2 instead of the addition.
 */
public final class ResnetBlock2D extends Module {

    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeEmbProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;
    private final double outputScaleFactor;
    private final boolean scaleShift;

    public ResnetBlock2D(
            int inChannels,
            int outChannels,
            int tembChannels,
            int groups,
            float eps,
            double outputScaleFactor,
            boolean scaleShift) {
        this.outputScaleFactor = outputScaleFactor;
        this.scaleShift = scaleShift;
        norm1 = register("norm1", new GroupNorm(groups, inChannels, eps));
        conv1 = register("conv1", new Conv2d(inChannels, outChannels, 3, 1, 1, true));
        timeEmbProj =
                register("time_emb_proj", new Linear(tembChannels, scaleShift ? 2L * outChannels : outChannels, true));
        norm2 = register("norm2", new GroupNorm(groups, outChannels, eps));
        conv2 = register("conv2", new Conv2d(outChannels, outChannels, 3, 1, 1, true));
        convShortcut = inChannels != outChannels
                ? register("conv_shortcut", new Conv2d(inChannels, outChannels, 1, 1, 0, true))
                : null;
    }

    /** x [N, in, H, W], temb [N, temb] -> [N, out, H, W]. */
    public NDArray forward(NDArray x, NDArray temb) {
        NDArray h = norm1.forwardSilu(x);
        h = Scratch.swap(h, conv1.forward(h));

        NDArray t = Activations.silu(temb);
        t = Scratch.swap(t, timeEmbProj.forward(t));
        t = Scratch.swap(t, t.reshape(t.getShape().get(0), t.getShape().get(1), 1, 1));
        if (!scaleShift) {
            h = Scratch.swap(h, h.add(t));
            t.close();
            h = Scratch.swap(h, norm2.forwardSilu(h));
        } else {
            h = Scratch.swap(h, norm2.forward(h));
            NDList scaleAndShift = t.split(2, 1);
            t.close();
            NDArray onePlusScale = scaleAndShift.get(0).add(1);
            h = Scratch.swap(h, h.mul(onePlusScale));
            onePlusScale.close();
            h = Scratch.swap(h, h.add(scaleAndShift.get(1)));
            scaleAndShift.close();
            h = Scratch.swap(h, Activations.silu(h));
        }
        h = Scratch.swap(h, conv2.forward(h));

        NDArray shortcut = convShortcut == null ? x : convShortcut.forward(x);
        NDArray out = shortcut.add(h);
        h.close();
        if (shortcut != x) {
            shortcut.close();
        }
        if (outputScaleFactor != 1.0) {
            out = Scratch.swap(out, Scalars.div(out, outputScaleFactor));
        }
        return out;
    }
}
