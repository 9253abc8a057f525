package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.GegluProjection;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;

/**
 * diffusers {@code FeedForward} with GEGLU: {@code net.0} projects to 2 x 4 dim and gates, {@code net.2} projects
 * back ({@code net.1} is dropout and has no weights).
 */
public final class FeedForward extends Module {

    private final GegluProjection geglu;
    private final Linear out;

    public FeedForward(int dim) {
        int inner = dim * 4;
        Net net = register("net", new Net());
        geglu = net.add("0", new GegluProjection(dim, inner));
        out = net.add("2", new Linear(inner, dim, true));
    }

    /** x [..., dim] -> [..., dim]. */
    public NDArray forward(NDArray x) {
        NDArray h = geglu.forward(x);
        return Scratch.swap(h, out.forward(h));
    }

    /** The {@code net} container, whose children are numbered with a gap where dropout sits. */
    private static final class Net extends Module {
        <M extends Module> M add(String index, M module) {
            return register(index, module);
        }
    }
}
