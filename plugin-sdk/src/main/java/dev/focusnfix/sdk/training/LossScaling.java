package dev.focusnfix.sdk.training;

import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Experimental;

/**
 * Dynamic loss scaling for float16 training (as {@code torch.amp.GradScaler}): the loss is multiplied by a scale
 * before the backward pass so that small gradients do not flush to zero in float16, and the float32 adapter
 * gradients are divided by it again before the optimizer step. A step whose gradients overflow is skipped and the
 * scale halves; after {@code growthInterval} good steps in a row it doubles.
 *
 * @param mode when to scale
 * @param initialScale the first scale (PyTorch: 65536)
 * @param growthInterval good steps in a row before the scale doubles (PyTorch: 2000)
 */
@Experimental
public record LossScaling(Mode mode, double initialScale, int growthInterval) {

    /** When the loss is scaled. Written {@code auto}, {@code dynamic} and {@code off} in experiment files. */
    public enum Mode {
        /** When the backbone computes in float16. */
        AUTO,
        /** Always (float32 too: to test a float16 run's scaling on a CPU). */
        DYNAMIC,
        /** Never. */
        OFF
    }

    /** PyTorch's growth factor. */
    public static final double GROWTH = 2;

    /** PyTorch's backoff factor. */
    public static final double BACKOFF = 0.5;

    /** Scaling when the backbone computes in float16, with PyTorch's initial scale and growth interval. */
    public static final LossScaling DEFAULT = new LossScaling(Mode.AUTO, 65536, 2000);

    /** Checks the values. */
    public LossScaling {
        if (mode == null) {
            throw new IllegalArgumentException("loss scaling mode must be set (auto, dynamic or off)");
        }
        if (!(initialScale > 0) || Double.isInfinite(initialScale)) {
            throw new IllegalArgumentException("initialLossScale must be positive and finite, got " + initialScale);
        }
        if (growthInterval < 1) {
            throw new IllegalArgumentException("lossScaleGrowthInterval must be at least 1, got " + growthInterval);
        }
    }

    /** Whether a backbone computing in {@code computeType} scales its loss. */
    public boolean enabledFor(DataType computeType) {
        return switch (mode) {
            case AUTO -> computeType == DataType.FLOAT16;
            case DYNAMIC -> true;
            case OFF -> false;
        };
    }
}
