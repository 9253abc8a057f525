package dev.focusnfix.api.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Stable;
import java.util.Objects;

/**
 * The output of one denoiser call together with what it is: the noise, the velocity or the clean sample (see
 * {@link PredictionType}). Conversions to the noise and the clean sample use the variance-preserving relation
 * {@code x_t = sqrt(a) x_0 + sqrt(1 - a) eps}, {@code a = alphaBar(t)}; they are differentiable and leave their
 * results in {@code value}'s manager.
 *
 * @param value the output, shaped like the latents it was computed from
 * @param type what {@code value} is
 */
@Stable(since = "0.1.0")
public record ModelOutput(NDArray value, PredictionType type) {

    /** Checks that both parts are present. */
    public ModelOutput {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(type, "type");
    }

    /** The same kind of output with another value (for example a guided combination of several outputs). */
    public ModelOutput withValue(NDArray newValue) {
        return new ModelOutput(newValue, type);
    }

    /** The noise {@code eps} this output implies at {@code x_t} (the value itself for {@link PredictionType#EPSILON}). */
    public NDArray toEpsilon(NDArray xt, int t, DiffusionSchedule schedule) {
        double a = schedule.alphaBar(t);
        return switch (type) {
            case EPSILON -> value;
            case V_PREDICTION -> sum(times(value, Math.sqrt(a)), times(xt, Math.sqrt(1 - a)));
            case SAMPLE -> quotient(difference(xt, times(value, Math.sqrt(a))), Math.sqrt(1 - a));
            case FLOW_VELOCITY -> throw flow();
        };
    }

    /** The clean sample {@code x_0} this output implies at {@code x_t}, unclipped. */
    public NDArray toSample(NDArray xt, int t, DiffusionSchedule schedule) {
        double a = schedule.alphaBar(t);
        return switch (type) {
            case EPSILON -> quotient(difference(xt, times(value, Math.sqrt(1 - a))), Math.sqrt(a));
            case V_PREDICTION -> difference(times(xt, Math.sqrt(a)), times(value, Math.sqrt(1 - a)));
            case SAMPLE -> value;
            case FLOW_VELOCITY -> throw flow();
        };
    }

    /** This output as the noise it implies. */
    public ModelOutput asEpsilon(NDArray xt, int t, DiffusionSchedule schedule) {
        return type == PredictionType.EPSILON
                ? this
                : new ModelOutput(toEpsilon(xt, t, schedule), PredictionType.EPSILON);
    }

    private static UnsupportedOperationException flow() {
        return new UnsupportedOperationException("a flow-velocity output does not follow the variance-preserving"
                + " relation to alphaBar; convert it with the backbone's own flow schedule");
    }

    /** {@code left + right}, closing both intermediates (closing keeps the autograd graph). */
    private static NDArray sum(NDArray left, NDArray right) {
        try (left;
                right) {
            return left.add(right);
        }
    }

    /** {@code x - owned}, closing {@code owned}, an intermediate. */
    private static NDArray difference(NDArray x, NDArray owned) {
        try (owned) {
            return x.sub(owned);
        }
    }

    /** {@code owned / value}, closing {@code owned}, an intermediate. */
    private static NDArray quotient(NDArray owned, double value) {
        try (owned) {
            return dividedBy(owned, value);
        }
    }

    /** {@code x * value}, with the scalar in libtorch-owned memory so that autograd stays correct on the CPU. */
    static NDArray times(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.mul(s);
        }
    }

    /** {@code x / value}, as {@link #times}. */
    static NDArray dividedBy(NDArray x, double value) {
        try (NDArray s = scalar(x, value)) {
            return x.div(s);
        }
    }

    /**
     * A 0-d array of {@code value} in {@code like}'s floating type on its device. {@code x.mul(Number)} on DJL's CPU
     * engine would leave autograd pointing at a Java buffer that a garbage collection may free.
     */
    static NDArray scalar(NDArray like, double value) {
        NDManager manager = like.getManager();
        DataType dtype = like.getDataType();
        NDArray s;
        if (dtype.isFloating() && dtype != DataType.FLOAT64) {
            s = manager.full(new Shape(), (float) value, dtype);
        } else {
            try (NDArray javaBacked = manager.create(value)) {
                s = javaBacked.duplicate();
            }
        }
        if (!s.getDevice().equals(like.getDevice())) {
            NDArray moved = s.toDevice(like.getDevice(), false);
            s.close();
            s = moved;
        }
        return s;
    }
}
