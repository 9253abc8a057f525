package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Stable;

/**
 * What a classifier reward measures about its target class. The probability is what the paper used; on images the
 * classifier is sure about it saturates and its gradient vanishes, which the log-probability and the logit margin
 * avoid.
 */
@Stable(since = "0.2.0")
public enum ClassObjective {

    /** {@code p(c)}. */
    PROBABILITY {
        @Override
        public NDArray of(NDArray logits, int targetClass, ClassActivation activation) {
            return activation.probability(logits, targetClass);
        }
    },

    /** {@code log p(c)}. */
    LOG_PROBABILITY {
        @Override
        public NDArray of(NDArray logits, int targetClass, ClassActivation activation) {
            return activation.logProbability(logits, targetClass);
        }
    },

    /** {@code z_c - max_{j != c} z_j} (softmax) or {@code z_c} (sigmoid): unbounded, never saturates. */
    LOGIT_MARGIN {
        @Override
        public NDArray of(NDArray logits, int targetClass, ClassActivation activation) {
            return activation.margin(logits, targetClass);
        }

        @Override
        public boolean isPreSquash() {
            return true;
        }
    };

    /** The objective per image, shape {@code [N]}, differentiable with respect to the logits. */
    public abstract NDArray of(NDArray logits, int targetClass, ClassActivation activation);

    /** Whether the objective is itself a pre-squash score (so it is its own saliency score). */
    public boolean isPreSquash() {
        return false;
    }
}
