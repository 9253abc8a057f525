package dev.focusnfix.nn.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Refuses model weights holding NaN or infinity, which would silently turn every image into noise: checked once per
 * tensor when a model or adapter loads. One native sum per tensor decides it for almost every tensor (a sum of finite
 * weights is finite); only when the sum is not finite are the elements tested, which also tells a float overflow of
 * the sum from a real NaN or infinity. No per-element Java loop.
 */
public final class FiniteWeights {

    private FiniteWeights() {}

    /**
     * Checks one floating point tensor; integer tensors pass.
     *
     * @param source the checkpoint, for the message
     * @param name the tensor's key
     * @throws WeightsException naming the file, the tensor and how many values are not finite
     */
    public static void require(String source, String name, NDArray array) {
        if (!array.getDataType().isFloating() || array.isEmpty()) {
            return;
        }
        try (NDArray sum = array.sum();
                NDArray sum64 = sum.toType(DataType.FLOAT64, false)) {
            if (Double.isFinite(sum64.getDouble())) {
                return;
            }
        }
        long nan;
        long infinite;
        try (NDArray nanMask = array.isNaN();
                NDArray nanCount = nanMask.countNonzero();
                NDArray infMask = array.isInfinite();
                NDArray infCount = infMask.countNonzero()) {
            nan = nanCount.getLong();
            infinite = infCount.getLong();
        }
        if (nan > 0 || infinite > 0) {
            throw new WeightsException(source + ": tensor \"" + name + "\" holds " + (nan > 0 ? nan + " NaN" : "")
                    + (nan > 0 && infinite > 0 ? " and " : "") + (infinite > 0 ? infinite + " infinite" : "")
                    + " value(s) of " + array.getShape().size() + "; the file is corrupt or the weights diverged:"
                    + " use another copy of the checkpoint");
        }
    }
}
