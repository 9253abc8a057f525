package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.LayerNorm;
import dev.focusnfix.nn.module.Module;

/**
 * diffusers {@code BasicTransformerBlock} (layer norm, GEGLU): {@code x += attn1(norm1(x))} (self-attention),
 * {@code x += attn2(norm2(x), context)} (cross-attention), {@code x += ff(norm3(x))}.
 */
public final class BasicTransformerBlock extends Module {

    private static final float NORM_EPS = 1e-5f;

    private final LayerNorm norm1;
    private final Attention attn1;
    private final LayerNorm norm2;
    private final Attention attn2;
    private final LayerNorm norm3;
    private final FeedForward ff;

    public BasicTransformerBlock(int dim, int heads, int headDim, int crossAttentionDim, boolean upcastAttention) {
        norm1 = register("norm1", new LayerNorm(dim, NORM_EPS));
        attn1 = register("attn1", new Attention(dim, dim, heads, headDim, upcastAttention));
        norm2 = register("norm2", new LayerNorm(dim, NORM_EPS));
        attn2 = register("attn2", new Attention(dim, crossAttentionDim, heads, headDim, upcastAttention));
        norm3 = register("norm3", new LayerNorm(dim, NORM_EPS));
        ff = register("ff", new FeedForward(dim));
    }

    public Attention selfAttention() {
        return attn1;
    }

    public Attention crossAttention() {
        return attn2;
    }

    /** x [N, L, dim], context [N, Lc, crossDim] -> [N, L, dim]. */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray n = norm1.forward(x);
        NDArray a = Scratch.swap(n, attn1.forward(n, null));
        NDArray h = x.add(a);
        a.close();

        n = norm2.forward(h);
        a = Scratch.swap(n, attn2.forward(n, context));
        h = Scratch.swap(h, h.add(a));
        a.close();

        n = norm3.forward(h);
        a = Scratch.swap(n, ff.forward(n));
        h = Scratch.swap(h, h.add(a));
        a.close();
        return h;
    }
}
