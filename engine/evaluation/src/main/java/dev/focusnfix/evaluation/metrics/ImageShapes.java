package dev.focusnfix.evaluation.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Shape checks shared by the metrics: a batch {@code [N, C, H, W]} or one image {@code [C, H, W]}. */
final class ImageShapes {

    private ImageShapes() {}

    /** Checks that {@code x} and {@code y} are image batches (or single images) of one shape; returns N. */
    static int requirePair(NDArray x, NDArray y) {
        Shape sx = x.getShape();
        Shape sy = y.getShape();
        if (sx.dimension() != 3 && sx.dimension() != 4) {
            throw new IllegalArgumentException("images must be [N,C,H,W] or [C,H,W], got " + sx);
        }
        if (!sx.equals(sy)) {
            throw new IllegalArgumentException("the two images must have the same shape, got " + sx + " and " + sy);
        }
        return count(sx);
    }

    /**
     * Checks a region mask against images of shape {@code imageShape}: {@code [N, 1, H, W]} for a batch,
     * {@code [1, H, W]} for a single image.
     */
    static void requireMask(NDArray mask, Shape imageShape) {
        Shape sm = mask.getShape();
        int d = imageShape.dimension();
        boolean fits = sm.dimension() == d
                && sm.get(d - 3) == 1
                && sm.get(d - 2) == imageShape.get(d - 2)
                && sm.get(d - 1) == imageShape.get(d - 1)
                && (d == 3 || sm.get(0) == imageShape.get(0));
        if (!fits) {
            String expected = d == 4
                    ? "[" + imageShape.get(0) + ",1," + imageShape.get(2) + "," + imageShape.get(3) + "]"
                    : "[1," + imageShape.get(1) + "," + imageShape.get(2) + "]";
            throw new IllegalArgumentException(
                    "the mask must have shape " + expected + " for images of shape " + imageShape + ", got " + sm);
        }
    }

    private static int count(Shape shape) {
        return shape.dimension() == 4 ? Math.toIntExact(shape.get(0)) : 1;
    }
}
