package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.focusnfix.api.Stable;
import dev.focusnfix.api.tensor.Scalars;

/**
 * How a classifier's logits become class probabilities. Every method takes logits of shape {@code [N, C]} (or
 * {@code [N]} / {@code [N, 1]} for a single sigmoid logit) and returns one value per image, shape {@code [N]},
 * differentiable with respect to the logits.
 */
@Stable(since = "0.2.0")
public enum ClassActivation {

    /** Mutually exclusive classes: {@code p = softmax(z)[c]}; needs at least two classes. */
    SOFTMAX {
        @Override
        public NDArray probability(NDArray logits, int targetClass) {
            NDArray z = matrix(logits, targetClass, 2);
            try (NDArray p = z.softmax(1)) {
                return column(p, targetClass);
            } finally {
                closeIfView(z, logits);
            }
        }

        @Override
        public NDArray logProbability(NDArray logits, int targetClass) {
            NDArray z = matrix(logits, targetClass, 2);
            try (NDArray logP = z.logSoftmax(1)) {
                return column(logP, targetClass);
            } finally {
                closeIfView(z, logits);
            }
        }

        /** {@code z_c - max_{j != c} z_j}: positive exactly when class {@code c} is the prediction. */
        @Override
        public NDArray margin(NDArray logits, int targetClass) {
            NDArray z = matrix(logits, targetClass, 2);
            long classes = z.getShape().get(1);
            NDList others = new NDList();
            if (targetClass > 0) {
                others.add(z.get(":, 0:{}", targetClass));
            }
            if (targetClass < classes - 1) {
                others.add(z.get(":, {}:", targetClass + 1));
            }
            try (NDArray rest = others.size() == 1 ? others.get(0) : NDArrays.concat(others, 1);
                    NDArray maxOther = rest.max(new int[] {1});
                    NDArray zc = column(z, targetClass)) {
                return zc.sub(maxOther);
            } finally {
                others.close();
                closeIfView(z, logits);
            }
        }
    },

    /** Independent classes (multi-label or a single binary logit): {@code p = sigmoid(z_c)}. */
    SIGMOID {
        @Override
        public NDArray probability(NDArray logits, int targetClass) {
            try (NDArray z = logit(logits, targetClass)) {
                return Activation.sigmoid(z);
            }
        }

        /** {@code log sigmoid(z) = min(z, 0) - log(1 + exp(-|z|))}, stable for large {@code |z|}. */
        @Override
        public NDArray logProbability(NDArray logits, int targetClass) {
            try (NDArray z = logit(logits, targetClass);
                    NDArray absZ = z.abs();
                    NDArray negAbs = absZ.neg();
                    NDArray expNegAbs = negAbs.exp();
                    NDArray onePlus = expNegAbs.add(1f);
                    NDArray softplusTail = onePlus.log();
                    NDArray head = Scalars.minimum(z, 0)) {
                return head.sub(softplusTail);
            }
        }

        /** The logit itself: the margin against the implicit zero logit of "not this class". */
        @Override
        public NDArray margin(NDArray logits, int targetClass) {
            return logit(logits, targetClass);
        }
    };

    /** The probability of {@code targetClass}, shape {@code [N]}. */
    public abstract NDArray probability(NDArray logits, int targetClass);

    /** The log-probability of {@code targetClass}, computed stably, shape {@code [N]}. */
    public abstract NDArray logProbability(NDArray logits, int targetClass);

    /** The logit margin of {@code targetClass}, shape {@code [N]}. */
    public abstract NDArray margin(NDArray logits, int targetClass);

    /** The raw logit of {@code targetClass}, shape {@code [N]}: the pre-squash score. */
    public NDArray logit(NDArray logits, int targetClass) {
        NDArray z = matrix(logits, targetClass, 1);
        try {
            return column(z, targetClass);
        } finally {
            closeIfView(z, logits);
        }
    }

    /** Logits as {@code [N, C]}, checking {@code C >= minClasses} and the class index. */
    static NDArray matrix(NDArray logits, int targetClass, int minClasses) {
        Shape shape = logits.getShape();
        NDArray z;
        if (shape.dimension() == 1) {
            z = logits.reshape(shape.get(0), 1);
        } else if (shape.dimension() == 2) {
            z = logits;
        } else {
            throw new IllegalArgumentException(
                    "class logits must have shape [N, C] (or [N] for one logit), got " + shape);
        }
        long classes = z.getShape().get(1);
        if (classes < minClasses) {
            closeIfView(z, logits);
            throw new IllegalArgumentException("softmax needs at least " + minClasses + " classes, the output has "
                    + classes + " (use sigmoid for a single logit)");
        }
        if (targetClass < 0 || targetClass >= classes) {
            closeIfView(z, logits);
            throw new IllegalArgumentException("class index " + targetClass + " is out of range: the output has "
                    + classes + " class" + (classes == 1 ? " (index 0)" : "es (indices 0.." + (classes - 1) + ")"));
        }
        return z;
    }

    private static NDArray column(NDArray z, int c) {
        return z.get(":, {}", c);
    }

    private static void closeIfView(NDArray z, NDArray logits) {
        if (z != logits) {
            z.close();
        }
    }
}
