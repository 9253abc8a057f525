package dev.focusnfix.bench;

import dev.focusnfix.nn.unet.UNetConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The multiply-add work of one UNet forward pass, counted from its config: convolutions, linear projections and the
 * attention products (2 FLOPs per multiply-add); normalisations, activations and the time embedding are left out,
 * as is usual. Used to report achieved FLOP/s.
 */
public final class UNetFlops {

    private UNetFlops() {}

    /** FLOPs of a forward pass on {@code batch} latents of {@code h x w} with {@code contextLength} text tokens. */
    public static double forward(UNetConfig c, int batch, int h, int w, int contextLength) {
        List<Integer> ch = c.blockOutChannels();
        List<Integer> layers = c.layersPerBlock();
        double flops = conv(batch, h, w, c.inChannels(), ch.get(0), c.convInKernel());
        Deque<Integer> skips = new ArrayDeque<>();
        skips.push(ch.get(0));
        int in = ch.get(0);
        int rh = h;
        int rw = w;
        int blocks = c.blockCount();
        for (int i = 0; i < blocks; i++) {
            int out = ch.get(i);
            boolean attention = c.downBlockTypes().get(i).startsWith("CrossAttn");
            for (int j = 0; j < layers.get(i); j++) {
                flops += resnet(batch, rh, rw, in, out);
                if (attention) {
                    flops += transformer(
                            batch,
                            rh * rw,
                            out,
                            c.downTransformerDepths(i).get(j),
                            contextLength,
                            c.crossAttentionDim().get(i));
                }
                skips.push(out);
                in = out;
            }
            if (i < blocks - 1) {
                rh = (rh + 1) / 2;
                rw = (rw + 1) / 2;
                flops += conv(batch, rh, rw, out, out, 3);
                skips.push(out);
            }
        }
        int last = ch.get(blocks - 1);
        flops += resnet(batch, rh, rw, last, last);
        if (c.midBlockType() != null) {
            flops += transformer(
                    batch,
                    rh * rw,
                    last,
                    c.midTransformerDepth(),
                    contextLength,
                    c.crossAttentionDim().get(blocks - 1));
            flops += resnet(batch, rh, rw, last, last);
        }
        int prev = last;
        for (int i = 0; i < blocks; i++) {
            int level = blocks - 1 - i;
            int out = ch.get(level);
            boolean attention = c.upBlockTypes().get(i).startsWith("CrossAttn");
            for (int j = 0; j < layers.get(level) + 1; j++) {
                int skip = skips.pop();
                int resIn = (j == 0 ? prev : out) + skip;
                flops += resnet(batch, rh, rw, resIn, out);
                if (attention) {
                    flops += transformer(
                            batch,
                            rh * rw,
                            out,
                            c.upTransformerDepths(i).get(j),
                            contextLength,
                            c.crossAttentionDim().get(level));
                }
            }
            prev = out;
            if (i < blocks - 1) {
                rh *= 2;
                rw *= 2;
                flops += conv(batch, rh, rw, out, out, 3);
            }
        }
        return flops + conv(batch, h, w, ch.get(0), c.outChannels(), c.convOutKernel());
    }

    private static double conv(int batch, int h, int w, int in, int out, int kernel) {
        return 2.0 * batch * h * w * in * (double) out * kernel * kernel;
    }

    private static double linear(int batch, long tokens, int in, int out) {
        return 2.0 * batch * tokens * in * (double) out;
    }

    private static double resnet(int batch, int h, int w, int in, int out) {
        double f = conv(batch, h, w, in, out, 3) + conv(batch, h, w, out, out, 3);
        return in == out ? f : f + conv(batch, h, w, in, out, 1);
    }

    private static double transformer(
            int batch, int tokens, int channels, int depth, int contextLength, int contextDim) {
        double f = 2 * linear(batch, tokens, channels, channels);
        for (int d = 0; d < depth; d++) {
            f += 4 * linear(batch, tokens, channels, channels) + 2.0 * 2 * batch * (double) tokens * tokens * channels;
            f += 2 * linear(batch, tokens, channels, channels)
                    + 2 * linear(batch, contextLength, contextDim, channels)
                    + 2.0 * 2 * batch * (double) tokens * contextLength * channels;
            f += linear(batch, tokens, channels, 8 * channels) + linear(batch, tokens, 4 * channels, channels);
        }
        return f;
    }
}
