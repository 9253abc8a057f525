package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One Keras layer of a TensorFlow.js layers model, run on DJL. Image tensors are kept in NCHW (the layout of DJL's
 * convolutions), so a Keras {@code channels_last} axis {@code -1} is axis 1 here; flat tensors are {@code [N, F]}.
 * Every layer is differentiable with respect to its inputs.
 */
interface TfjsLayer {

    /** The layer's output for its inputs, in the order of the layer's inbound node. */
    NDArray apply(List<NDArray> inputs);

    /** The layer's fused activation ({@code linear} when it has none), as Keras names it. */
    default String activation() {
        return "linear";
    }

    /**
     * The layer's output before its fused activation: the logits of a classifier whose last layer is a Dense layer
     * with softmax.
     */
    default NDArray applyBeforeActivation(List<NDArray> inputs) {
        if (!"linear".equals(activation())) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot skip its activation");
        }
        return apply(inputs);
    }
}
