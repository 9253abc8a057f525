package dev.focusnfix.evaluation.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One image (or mask) copied to the Java heap in float64, channel-major: {@code values[(c * height + y) * width + x]}.
 * Metrics compute on these copies so that results are float64 and do not depend on the device or the input dtype.
 */
record Planes(double[] values, int channels, int height, int width) {

    /** Number of pixels in one channel. */
    int area() {
        return height * width;
    }

    /** The value of channel {@code c} at row {@code y}, column {@code x}. */
    double at(int c, int y, int x) {
        return values[(c * height + y) * width + x];
    }

    /**
     * Copies image {@code index} of a batch ({@code [N, C, H, W]}) or the single image ({@code [C, H, W]}, index 0) in
     * float64. Only that image is copied, so large batches are never held on the heap at once.
     */
    static Planes copyOf(NDArray batchOrImage, int index) {
        Shape shape = batchOrImage.getShape();
        try (NDArray image = shape.dimension() == 4 ? batchOrImage.get(index) : batchOrImage.duplicate();
                NDArray wide = image.toType(DataType.FLOAT64, true)) {
            Shape s = image.getShape();
            return new Planes(wide.toDoubleArray(), (int) s.get(0), (int) s.get(1), (int) s.get(2));
        }
    }
}
