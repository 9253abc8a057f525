package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of RGB images as one tensor of shape {@code [N, 3, H, W]} with values in [0, 1], on the experiment's
 * device. The tensor may carry an autograd history: rewards must not detach it when they are differentiable.
 *
 * @param pixels the images
 */
@Stable(since = "0.1.0")
public record ImageBatch(NDArray pixels) {

    /** Checks the shape; the value range is the producer's contract and is not scanned here. */
    public ImageBatch {
        Shape shape = pixels.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new IllegalArgumentException("images must have shape [N,3,H,W], got " + shape);
        }
    }

    /** The number of images. */
    public int size() {
        return (int) pixels.getShape().get(0);
    }

    /** Image height in pixels. */
    public int height() {
        return (int) pixels.getShape().get(2);
    }

    /** Image width in pixels. */
    public int width() {
        return (int) pixels.getShape().get(3);
    }
}
