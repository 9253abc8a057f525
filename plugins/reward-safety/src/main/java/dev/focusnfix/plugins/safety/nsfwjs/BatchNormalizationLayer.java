package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import java.util.List;

/**
 * Keras {@code BatchNormalization} at inference: {@code (x - moving_mean) / sqrt(moving_variance + epsilon) * gamma
 * + beta} over the channel axis, folded at load time into one scale and one shift per channel. {@code gamma} and
 * {@code beta} are absent when {@code scale} or {@code center} is false.
 */
final class BatchNormalizationLayer implements TfjsLayer {

    private final KerasConfig config;
    private final long channels;
    private final NDArray scale;
    private final NDArray shift;

    BatchNormalizationLayer(KerasConfig config, TfjsWeights weights, NDManager manager) {
        this.config = config;
        int axis = (int) config.number("axis", -1);
        if (axis != -1 && axis != 3) {
            throw config.error("normalises axis " + axis + "; only the channel axis (-1) is supported");
        }
        String name = config.layer();
        float[] mean = weights.get(name + "/moving_mean").values();
        channels = mean.length;
        float[] variance = weights.get(name + "/moving_variance", channels).values();
        float[] gamma = config.bool("scale", true)
                ? weights.get(name + "/gamma", channels).values()
                : null;
        float[] beta = config.bool("center", true)
                ? weights.get(name + "/beta", channels).values()
                : null;
        double epsilon = config.number("epsilon", 1e-3);
        float[] k = new float[mean.length];
        float[] b = new float[mean.length];
        for (int c = 0; c < k.length; c++) {
            float inv = (float) (1.0 / Math.sqrt((double) variance[c] + epsilon));
            k[c] = gamma == null ? inv : inv * gamma[c];
            b[c] = (beta == null ? 0f : beta[c]) - mean[c] * k[c];
        }
        scale = Scalars.constant(manager, k, new Shape(channels), DataType.FLOAT32);
        shift = Scalars.constant(manager, b, new Shape(channels), DataType.FLOAT32);
    }

    @Override
    public NDArray apply(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        Shape perChannel = x.getShape().dimension() == 4 ? new Shape(1, channels, 1, 1) : new Shape(1, channels);
        if (x.getShape().get(1) != channels) {
            throw config.error("has " + channels + " channels but its input has shape " + x.getShape());
        }
        try (NDArray k = scale.reshape(perChannel);
                NDArray b = shift.reshape(perChannel);
                NDArray scaled = x.mul(k)) {
            return scaled.add(b);
        }
    }
}
