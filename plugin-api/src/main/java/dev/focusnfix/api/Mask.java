package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A region mask of shape {@code [N, 1, H, W]} with values in [0, 1]: 1 marks the problematic region that fine-tuning
 * may change, 0 the region to keep as the pretrained model drew it. Masks never carry gradients.
 *
 * @param values the mask values
 */
@Stable(since = "0.1.0")
public record Mask(NDArray values) {

    /** Checks the shape. */
    public Mask {
        Shape shape = values.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 1) {
            throw new IllegalArgumentException("masks must have shape [N,1,H,W], got " + shape);
        }
    }
}
