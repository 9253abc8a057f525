package dev.focusnfix.plugins.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.plugins.guidance.RewardGuidanceOptions.MaskResize;

/**
 * Reduces a pixel mask {@code [N,1,H,W]} to the latent grid {@code [N,1,h,w]}, as reward guidance needs it (the
 * constraint is drawn on pixels, the guidance acts on latents). Both reductions are separable linear maps
 * {@code M_latent = R_h · M · R_w^T}: with {@link MaskResize#AREA} each latent cell is the mean of the pixel area it
 * covers (exact block averaging when the sizes divide), with {@link MaskResize#NEAREST} it is the pixel at its centre.
 * The matrices are constants in memory libtorch owns.
 */
final class LatentMask {

    private LatentMask() {}

    /** The mask on an {@code h x w} grid, in the pixel mask's manager and dtype. */
    static NDArray resize(NDArray pixelMask, int h, int w, MaskResize mode) {
        Shape shape = pixelMask.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 1) {
            throw new IllegalArgumentException("masks must have shape [N,1,H,W], got " + shape);
        }
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        if (height == h && width == w) {
            return pixelMask.duplicate();
        }
        NDManager manager = pixelMask.getManager();
        DataType dtype = pixelMask.getDataType();
        NDArray rows = matrix(manager, dtype, height, h, mode);
        NDArray columnsT = matrix(manager, dtype, width, w, mode).transpose();
        // [h,H] @ [N,1,H,W] @ [W,w] broadcasts over the batch axes.
        return rows.matMul(pixelMask).matMul(columnsT);
    }

    /** The {@code [out, in]} matrix that maps {@code in} pixels to {@code out} cells along one axis. */
    static NDArray matrix(NDManager manager, DataType dtype, int in, int out, MaskResize mode) {
        float[] weights = mode == MaskResize.AREA ? areaWeights(in, out) : nearestWeights(in, out);
        return Scalars.constant(manager, weights, new Shape(out, in), dtype);
    }

    /** Cell {@code i} covers {@code [i * in/out, (i+1) * in/out)}; a pixel weighs the share of it inside the cell. */
    static float[] areaWeights(int in, int out) {
        float[] weights = new float[out * in];
        double cell = (double) in / out;
        for (int i = 0; i < out; i++) {
            double from = i * cell;
            double to = (i + 1) * cell;
            for (int j = (int) Math.floor(from); j < Math.min(in, (int) Math.ceil(to)); j++) {
                double overlap = Math.min(to, j + 1) - Math.max(from, j);
                if (overlap > 0) {
                    weights[i * in + j] = (float) (overlap / cell);
                }
            }
        }
        return weights;
    }

    /** Cell {@code i} takes the pixel under its centre, {@code floor((i + 1/2) * in/out)}. */
    static float[] nearestWeights(int in, int out) {
        float[] weights = new float[out * in];
        for (int i = 0; i < out; i++) {
            int j = Math.min(in - 1, (int) Math.floor((i + 0.5) * in / out));
            weights[i * in + j] = 1f;
        }
        return weights;
    }
}
