package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Keras's named activations, on the channel axis (1) for softmax, which is the last Keras axis in NCHW or [N, F]. */
final class KerasActivation {

    private KerasActivation() {}

    /** Whether {@code name} is an activation this class runs, checked when a model loads. */
    static void check(KerasConfig config, String name) {
        switch (name) {
            case "linear", "relu", "relu6", "sigmoid", "tanh", "softmax" -> {}
            default ->
                throw config.error(
                        "has activation '" + name + "'; supported: linear, relu, relu6, sigmoid, tanh, softmax");
        }
    }

    static NDArray apply(String name, NDArray x) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> Activation.relu(x);
            case "relu6" -> x.clip(0, 6);
            case "sigmoid" -> Activation.sigmoid(x);
            case "tanh" -> x.tanh();
            case "softmax" -> x.softmax(1);
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'");
        };
    }
}
