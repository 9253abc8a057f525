package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Dilation of {@code [N,C,H,W]} masks by a square {@code (2r+1) x (2r+1)} structuring element: a stride-1 max-pool
 * whose implicit padding never wins the maximum, so the mask keeps its size. Works on soft masks too (grey dilation).
 */
public final class Dilation {

    private Dilation() {}

    /** The dilated mask; radius 0 returns a copy. */
    public static NDArray dilate(NDArray mask, int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("dilation radius must be >= 0, got " + radius);
        }
        if (radius == 0) {
            return mask.duplicate();
        }
        int size = 2 * radius + 1;
        return Pool.maxPool2d(mask, new Shape(size, size), new Shape(1, 1), new Shape(radius, radius), false);
    }
}
