package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.layers.GroupNorm;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;

/**
 * diffusers {@code Transformer2DModel} on continuous input: group norm (eps 1e-6), {@code proj_in} (1x1 conv, or
 * linear on the flattened tokens when {@code useLinearProjection}), a stack of {@link BasicTransformerBlock}s over
 * the H*W tokens, {@code proj_out} back, plus the input.
 */
public final class Transformer2DModel extends Module {

    private static final float NORM_EPS = 1e-6f;

    private final int innerDim;
    private final boolean linearProjection;
    private final GroupNorm norm;
    private final Module projIn;
    private final ModuleList<BasicTransformerBlock> blocks;
    private final Module projOut;

    public Transformer2DModel(
            int channels,
            int heads,
            int depth,
            int crossAttentionDim,
            int groups,
            boolean useLinearProjection,
            boolean upcastAttention) {
        int headDim = channels / heads;
        this.innerDim = heads * headDim;
        this.linearProjection = useLinearProjection;
        norm = register("norm", new GroupNorm(groups, channels, NORM_EPS));
        projIn = register(
                "proj_in",
                useLinearProjection
                        ? new Linear(channels, innerDim, true)
                        : new Conv2d(channels, innerDim, 1, 1, 0, true));
        blocks = register("transformer_blocks", new ModuleList<>());
        for (int i = 0; i < depth; i++) {
            blocks.add(new BasicTransformerBlock(innerDim, heads, headDim, crossAttentionDim, upcastAttention));
        }
        projOut = register(
                "proj_out",
                useLinearProjection
                        ? new Linear(innerDim, channels, true)
                        : new Conv2d(innerDim, channels, 1, 1, 0, true));
    }

    public ModuleList<BasicTransformerBlock> transformerBlocks() {
        return blocks;
    }

    /** x [N, C, H, W], context [N, L, crossDim] -> [N, C, H, W]. */
    public NDArray forward(NDArray x, NDArray context) {
        Shape s = x.getShape();
        long n = s.get(0);
        long height = s.get(2);
        long width = s.get(3);
        NDArray h = norm.forward(x);
        if (!linearProjection) {
            h = Scratch.swap(h, ((Conv2d) projIn).forward(h));
            h = Scratch.swap(h, toTokens(h, n, height * width));
        } else {
            h = Scratch.swap(h, toTokens(h, n, height * width));
            h = Scratch.swap(h, ((Linear) projIn).forward(h));
        }
        for (BasicTransformerBlock block : blocks) {
            h = Scratch.swap(h, block.forward(h, context));
        }
        if (!linearProjection) {
            h = Scratch.swap(h, toImage(h, n, height, width));
            h = Scratch.swap(h, ((Conv2d) projOut).forward(h));
        } else {
            h = Scratch.swap(h, ((Linear) projOut).forward(h));
            h = Scratch.swap(h, toImage(h, n, height, width));
        }
        return Scratch.swap(h, h.add(x));
    }

    /** [N, C, H, W] -> [N, H*W, C]. */
    private static NDArray toTokens(NDArray x, long n, long tokens) {
        NDArray t = x.transpose(0, 2, 3, 1);
        return Scratch.swap(t, t.reshape(n, tokens, x.getShape().get(1)));
    }

    /** [N, H*W, C] -> [N, C, H, W]. */
    private static NDArray toImage(NDArray x, long n, long height, long width) {
        NDArray r = x.reshape(n, height, width, x.getShape().get(2));
        return Scratch.swap(r, r.transpose(0, 3, 1, 2));
    }
}
