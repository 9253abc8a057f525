package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.focusnfix.api.Stable;

/** How a model's scalar or per-pixel score output is read. */
@Stable(since = "0.2.0")
public enum ScoreActivation {

    /** The output is the score itself. */
    RAW {
        @Override
        public NDArray apply(NDArray output) {
            // Not duplicate(): DJL's PyTorch clone runs without autograd and would cut the graph.
            return output;
        }
    },

    /** The output is a logit: the score is {@code sigmoid(output)}. */
    SIGMOID {
        @Override
        public NDArray apply(NDArray output) {
            return Activation.sigmoid(output);
        }
    };

    /** The score, differentiable; {@link #RAW} returns the output itself. */
    public abstract NDArray apply(NDArray output);

    /** Whether {@link #apply} squashes its input, so that the raw output is a better saliency score. */
    public boolean squashes() {
        return this != RAW;
    }
}
