package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import java.util.List;

/** Keras {@code Dense} on {@code [N, in]}: {@code x @ kernel + bias} with the kernel stored {@code [in, units]}. */
final class DenseLayer implements TfjsLayer {

    private final KerasConfig config;
    private final NDArray kernel;
    private final NDArray bias;
    private final String activation;

    DenseLayer(KerasConfig config, TfjsWeights weights, NDManager manager) {
        this.config = config;
        int units = config.integer("units");
        TfjsWeights.Weight k = weights.get(config.layer() + "/kernel");
        if (k.shape().length != 2 || k.shape()[1] != units) {
            throw config.error(
                    "kernel has shape " + java.util.Arrays.toString(k.shape()) + ", expected [in, " + units + "]");
        }
        kernel = Scalars.constant(manager, k.values(), new Shape(k.shape()), DataType.FLOAT32);
        bias = config.bool("use_bias", true)
                ? Scalars.constant(
                        manager,
                        weights.get(config.layer() + "/bias", units).values(),
                        new Shape(units),
                        DataType.FLOAT32)
                : null;
        activation = config.string("activation", "linear");
        KerasActivation.check(config, activation);
    }

    @Override
    public String activation() {
        return activation;
    }

    @Override
    public NDArray apply(List<NDArray> inputs) {
        return KerasActivation.apply(activation, applyBeforeActivation(inputs));
    }

    @Override
    public NDArray applyBeforeActivation(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        if (x.getShape().dimension() != 2
                || x.getShape().get(1) != kernel.getShape().get(0)) {
            throw config.error("expects [N, " + kernel.getShape().get(0) + "], got shape " + x.getShape()
                    + " (add a Flatten or global pooling layer before it)");
        }
        NDArray y = x.matMul(kernel);
        if (bias == null) {
            return y;
        }
        NDArray biased = y.add(bias);
        y.close();
        return biased;
    }
}
