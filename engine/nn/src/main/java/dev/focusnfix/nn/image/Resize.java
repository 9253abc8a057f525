package dev.focusnfix.nn.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.tensor.Scalars;

/**
 * Differentiable resizing of image batches {@code X [N, C, H, W]} (any rank >= 2 works: the last two axes are
 * resized) as two matrix products, {@code out = A_h X A_w^T}, with interpolation matrices from {@link Interpolation}.
 * The result matches {@code torch.nn.functional.interpolate(x, size=(outH, outW), mode=..., align_corners=False,
 * antialias=False)}, and gradients flow to {@code X} through ordinary matrix products.
 */
public final class Resize {

    private Resize() {}

    /** Bicubic resize (PyTorch {@code mode='bicubic'}, {@code a = -0.75}, border clamping). */
    public static NDArray bicubic(NDArray images, int outH, int outW) {
        return resize(images, outH, outW, Interpolation.BICUBIC);
    }

    /** Bilinear resize (PyTorch {@code mode='bilinear'}, {@code align_corners=False}). */
    public static NDArray bilinear(NDArray images, int outH, int outW) {
        return resize(images, outH, outW, Interpolation.BILINEAR);
    }

    /**
     * Resizes the last two axes to {@code outH x outW}. An axis whose size does not change is left as is (both
     * kernels are the identity there); the result is always a new array in the input's manager.
     */
    public static NDArray resize(NDArray images, int outH, int outW, Interpolation interpolation) {
        Shape shape = images.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("images need at least two axes [..., H, W], got " + shape);
        }
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + outH + "x" + outW);
        }
        int h = (int) shape.get(shape.dimension() - 2);
        int w = (int) shape.get(shape.dimension() - 1);
        NDArray out = images;
        if (outH != h) {
            try (NDArray aH = matrix(images, interpolation, h, outH)) {
                out = aH.matMul(images);
            }
        }
        if (outW != w) {
            try (NDArray aW = matrix(images, interpolation, w, outW);
                    NDArray aWT = aW.transpose()) {
                NDArray resized = out.matMul(aWT);
                if (out != images) {
                    out.close();
                }
                out = resized;
            }
        }
        // A fresh array that stays in the autograd graph (duplicate() would detach it).
        return out == images ? Scalars.mul(images, 1) : out;
    }

    /**
     * Resizes so that the shorter side becomes {@code shortestEdge}, keeping the aspect ratio as Hugging Face image
     * processors do ({@link #shortestEdgeSize}).
     */
    public static NDArray shortestEdge(NDArray images, int shortestEdge, Interpolation interpolation) {
        Shape shape = images.getShape();
        int[] size = shortestEdgeSize(
                (int) shape.get(shape.dimension() - 2), (int) shape.get(shape.dimension() - 1), shortestEdge);
        return resize(images, size[0], size[1], interpolation);
    }

    /**
     * The {@code {height, width}} whose shorter side is {@code shortestEdge}; the longer side is
     * {@code int(shortestEdge * long / short)} (truncated, as transformers' {@code get_resize_output_image_size}).
     */
    public static int[] shortestEdgeSize(int height, int width, int shortestEdge) {
        if (height < 1 || width < 1 || shortestEdge < 1) {
            throw new IllegalArgumentException(
                    "sizes must be positive, got " + height + "x" + width + " -> " + shortestEdge);
        }
        boolean widthIsShort = width <= height;
        int shortSide = widthIsShort ? width : height;
        int longSide = widthIsShort ? height : width;
        int newLong = (int) ((double) shortestEdge * longSide / shortSide);
        return widthIsShort ? new int[] {newLong, shortestEdge} : new int[] {shortestEdge, newLong};
    }

    /** The {@code [out, in]} interpolation matrix on the images' device, in their data type. */
    private static NDArray matrix(NDArray images, Interpolation interpolation, int in, int out) {
        double[] weights = interpolation.matrix(in, out);
        float[] values = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            values[i] = (float) weights[i];
        }
        // Owned by libtorch: the matrix product saves it for the backward pass, which runs after it is closed here.
        return Scalars.constant(images.getManager(), values, new Shape(out, in), images.getDataType());
    }
}
