package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.focusnfix.api.tensor.Scalars;
import java.util.List;

/**
 * The Keras layers without weights that the nsfwjs networks use: {@code ZeroPadding2D}, {@code ReLU},
 * {@code Activation}, {@code Softmax}, {@code Add}, {@code Concatenate}, {@code Flatten}, and the identities
 * {@code Dropout} and {@code InputLayer} (inference).
 */
final class StructuralLayers {

    private StructuralLayers() {}

    /** {@code ZeroPadding2D}: {@code padding} is one number, {@code [h, w]} or {@code [[top, bottom], [left, right]]}. */
    static TfjsLayer zeroPadding(KerasConfig config) {
        config.requireChannelsLast();
        JsonElement p = config.require("padding");
        int top;
        int bottom;
        int left;
        int right;
        if (p.isJsonPrimitive()) {
            top = bottom = left = right = p.getAsInt();
        } else {
            JsonArray a = p.getAsJsonArray();
            if (a.size() != 2) {
                throw config.error("has padding " + a + "; expected 2 entries");
            }
            if (a.get(0).isJsonPrimitive()) {
                top = bottom = a.get(0).getAsInt();
                left = right = a.get(1).getAsInt();
            } else {
                top = a.get(0).getAsJsonArray().get(0).getAsInt();
                bottom = a.get(0).getAsJsonArray().get(1).getAsInt();
                left = a.get(1).getAsJsonArray().get(0).getAsInt();
                right = a.get(1).getAsJsonArray().get(1).getAsInt();
            }
        }
        Shape pads = new Shape(left, right, top, bottom); // torch order: last axis (width) first
        return inputs -> inputs.get(0).pad(pads, 0);
    }

    /**
     * {@code ReLU}: {@code max_value} where {@code x >= max_value}, {@code x} where {@code threshold <= x}, else
     * {@code negative_slope * (x - threshold)}. MobileNetV2's ReLU6 is {@code max_value: 6} with the other two 0.
     */
    static TfjsLayer relu(KerasConfig config) {
        double maxValue = config.number("max_value", Double.POSITIVE_INFINITY);
        double slope = config.number("negative_slope", 0);
        double threshold = config.number("threshold", 0);
        return inputs -> {
            NDArray x = inputs.get(0);
            if (slope == 0 && threshold == 0) {
                return Double.isInfinite(maxValue) ? ai.djl.nn.Activation.relu(x) : x.clip(0, maxValue);
            }
            NDArray shifted = x.sub(threshold);
            NDArray below = Scalars.mul(shifted, slope);
            NDArray y = NDArrays.where(x.gte(threshold), x, below);
            return Double.isInfinite(maxValue) ? y : Scalars.minimum(y, maxValue);
        };
    }

    /** {@code Activation}: one of {@link KerasActivation}'s named functions. */
    static TfjsLayer activation(KerasConfig config) {
        String name = config.string("activation", "linear");
        KerasActivation.check(config, name);
        return new TfjsLayer() {
            @Override
            public NDArray apply(List<NDArray> inputs) {
                return KerasActivation.apply(name, inputs.get(0));
            }

            @Override
            public String activation() {
                return name;
            }

            @Override
            public NDArray applyBeforeActivation(List<NDArray> inputs) {
                return inputs.get(0);
            }
        };
    }

    /** {@code Softmax} over the last Keras axis. */
    static TfjsLayer softmax(KerasConfig config) {
        int axis = (int) config.number("axis", -1);
        if (axis != -1) {
            throw config.error("has softmax axis " + axis + "; only -1 is supported");
        }
        return new TfjsLayer() {
            @Override
            public NDArray apply(List<NDArray> inputs) {
                return inputs.get(0).softmax(1);
            }

            @Override
            public String activation() {
                return "softmax";
            }

            @Override
            public NDArray applyBeforeActivation(List<NDArray> inputs) {
                return inputs.get(0);
            }
        };
    }

    /** {@code Add}: the element-wise sum of the inputs. */
    static TfjsLayer add(KerasConfig config) {
        return inputs -> {
            if (inputs.size() < 2) {
                throw config.error("needs at least 2 inputs, got " + inputs.size());
            }
            NDArray sum = inputs.get(0).add(inputs.get(1));
            for (int i = 2; i < inputs.size(); i++) {
                NDArray next = sum.add(inputs.get(i));
                sum.close();
                sum = next;
            }
            return sum;
        };
    }

    /** {@code Concatenate} along a Keras axis (default the channels, -1). */
    static TfjsLayer concatenate(KerasConfig config) {
        int kerasAxis = (int) config.number("axis", -1);
        return inputs -> {
            int rank = inputs.get(0).getShape().dimension();
            return NDArrays.concat(new NDList(inputs), config.axis(kerasAxis, rank));
        };
    }

    /** {@code Flatten}: row-major over TensorFlow's HWC order, so the following Dense kernel lines up. */
    static TfjsLayer flatten(KerasConfig config) {
        config.requireChannelsLast();
        return inputs -> {
            NDArray x = inputs.get(0);
            if (x.getShape().dimension() == 2) {
                return x;
            }
            if (x.getShape().dimension() != 4) {
                throw config.error("expects a 2-d or 4-d tensor, got shape " + x.getShape());
            }
            try (NDArray nhwc = x.transpose(0, 2, 3, 1)) {
                return nhwc.reshape(x.getShape().get(0), -1);
            }
        };
    }

    /** {@code Dropout}, {@code InputLayer} and other layers that pass their input on at inference. */
    static TfjsLayer identity() {
        return inputs -> inputs.get(0);
    }
}
