package dev.focusnfix.nn.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/** Differentiable crops of image batches {@code [N, C, H, W]} (slices keep the autograd graph). */
public final class Crop {

    private Crop() {}

    /**
     * The centred {@code height x width} window. The offsets are {@code (H - height) / 2} and {@code (W - width) / 2}
     * rounded down, as transformers' {@code center_crop} does (torchvision rounds half to even instead).
     *
     * @throws IllegalArgumentException when the window is larger than the image
     */
    public static NDArray center(NDArray images, int height, int width) {
        Shape shape = images.getShape();
        int h = (int) shape.get(shape.dimension() - 2);
        int w = (int) shape.get(shape.dimension() - 1);
        if (height > h || width > w) {
            throw new IllegalArgumentException(
                    "cannot centre-crop " + height + "x" + width + " from an image of " + h + "x" + w);
        }
        return region(images, (h - height) / 2, (w - width) / 2, height, width);
    }

    /** The window of {@code height x width} pixels whose top-left pixel is ({@code top}, {@code left}). */
    public static NDArray region(NDArray images, int top, int left, int height, int width) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be [N, C, H, W], got " + shape);
        }
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        if (top < 0 || left < 0 || height < 1 || width < 1 || top + height > h || left + width > w) {
            throw new IllegalArgumentException("crop window top=" + top + " left=" + left + " " + height + "x" + width
                    + " does not fit an image of " + h + "x" + w);
        }
        return images.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + height, left, left + width));
    }
}
