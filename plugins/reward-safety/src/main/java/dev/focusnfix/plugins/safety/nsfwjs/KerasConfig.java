package dev.focusnfix.plugins.safety.nsfwjs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reads the values of a Keras layer's {@code config} object, with errors that name the layer and the key, and
 * computes TensorFlow's padding for {@code padding: same}.
 */
final class KerasConfig {

    private final String layer;
    private final JsonObject config;

    KerasConfig(String layer, JsonObject config) {
        this.layer = layer;
        this.config = config == null ? new JsonObject() : config;
    }

    /** The layer's name, for error messages. */
    String layer() {
        return layer;
    }

    boolean has(String key) {
        return config.has(key) && !config.get(key).isJsonNull();
    }

    String string(String key, String fallback) {
        return has(key) ? config.get(key).getAsString() : fallback;
    }

    double number(String key, double fallback) {
        return has(key) ? config.get(key).getAsDouble() : fallback;
    }

    boolean bool(String key, boolean fallback) {
        return has(key) ? config.get(key).getAsBoolean() : fallback;
    }

    int integer(String key) {
        return require(key).getAsInt();
    }

    /** A pair such as {@code kernel_size} or {@code strides}: {@code [a, b]} or one number for both. */
    int[] pair(String key, int[] fallback) {
        if (!has(key)) {
            if (fallback == null) {
                throw error("has no '" + key + "'");
            }
            return fallback;
        }
        JsonElement value = config.get(key);
        if (value.isJsonPrimitive()) {
            int v = value.getAsInt();
            return new int[] {v, v};
        }
        JsonArray array = value.getAsJsonArray();
        if (array.size() != 2) {
            throw error("'" + key + "' must have 2 values, got " + array);
        }
        return new int[] {array.get(0).getAsInt(), array.get(1).getAsInt()};
    }

    /** Keras's {@code channels_last} only: the framework keeps the axis bookkeeping for that layout. */
    void requireChannelsLast() {
        String format = string("data_format", "channels_last");
        if (!"channels_last".equals(format)) {
            throw error("has data_format '" + format + "'; only channels_last (TensorFlow.js's layout) is supported");
        }
    }

    /** The axis of a {@code channels_last} tensor of {@code rank} dimensions in the NCHW layout used here. */
    int axis(int kerasAxis, int rank) {
        int positive = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
        if (rank == 4) {
            return switch (positive) {
                case 0 -> 0;
                case 1 -> 2;
                case 2 -> 3;
                case 3 -> 1;
                default -> throw error("axis " + kerasAxis + " is out of range for a 4-d tensor");
            };
        }
        if (positive < 0 || positive >= rank) {
            throw error("axis " + kerasAxis + " is out of range for a " + rank + "-d tensor");
        }
        return positive;
    }

    JsonElement require(String key) {
        if (!has(key)) {
            throw error("has no '" + key + "'");
        }
        return config.get(key);
    }

    IllegalArgumentException error(String message) {
        return new IllegalArgumentException("layer '" + layer + "' " + message);
    }

    /**
     * TensorFlow's padding of one spatial dimension, {@code [before, after]}: none for {@code valid}; for
     * {@code same}, what makes the output {@code ceil(in / stride)} long, the odd pixel after (bottom, right).
     */
    static int[] padding(String mode, int in, int kernel, int stride, int dilation) {
        if ("valid".equals(mode)) {
            return new int[] {0, 0};
        }
        if (!"same".equals(mode)) {
            throw new IllegalArgumentException("padding '" + mode + "' is not supported (valid, same)");
        }
        int effective = (kernel - 1) * dilation + 1;
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return new int[] {total / 2, total - total / 2};
    }
}
