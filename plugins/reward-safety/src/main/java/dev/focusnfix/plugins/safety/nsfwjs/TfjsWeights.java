package dev.focusnfix.plugins.safety.nsfwjs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of a TensorFlow.js model, decoded as tfjs's {@code io.decodeWeights} does: the shards of every
 * manifest group are concatenated in order, each weight takes {@code size x bytes-per-value} bytes of its group's
 * buffer, and quantised weights are restored ({@code uint8}/{@code uint16}: {@code q * scale + min} computed in
 * double and stored as float32; {@code float16}: IEEE half precision). Values are little-endian.
 */
final class TfjsWeights {

    /** One decoded weight: its shape (as in the manifest) and float values in row-major order. */
    record Weight(String name, long[] shape, float[] values) {}

    private final Map<String, Weight> byName;

    private TfjsWeights(Map<String, Weight> byName) {
        this.byName = byName;
    }

    /** Reads the weights that {@code manifest} (the {@code weightsManifest} array) describes, shards beside it. */
    static TfjsWeights read(JsonArray manifest, Path folder) throws IOException {
        Map<String, Weight> weights = new LinkedHashMap<>();
        for (JsonElement groupElement : manifest) {
            JsonObject group = groupElement.getAsJsonObject();
            ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
            for (JsonElement shard : group.getAsJsonArray("paths")) {
                Path file = folder.resolve(shard.getAsString());
                if (!Files.isRegularFile(file)) {
                    throw new IOException("weight shard '" + shard.getAsString() + "' named in the manifest is missing"
                            + " from " + folder);
                }
                concatenated.write(Files.readAllBytes(file));
            }
            ByteBuffer buffer = ByteBuffer.wrap(concatenated.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonElement specElement : group.getAsJsonArray("weights")) {
                Weight w = decode(specElement.getAsJsonObject(), buffer, folder);
                if (weights.put(w.name(), w) != null) {
                    throw new IOException("weight '" + w.name() + "' appears twice in the manifest of " + folder);
                }
            }
            if (buffer.hasRemaining()) {
                throw new IOException("the weight shards in " + folder + " hold " + buffer.remaining()
                        + " bytes more than the manifest describes: manifest and shards do not belong together");
            }
        }
        return new TfjsWeights(weights);
    }

    /** The weight called {@code name}, checked against the shape the layer needs. */
    Weight get(String name, long... expectedShape) {
        Weight w = byName.get(name);
        if (w == null) {
            throw new IllegalArgumentException("the weights manifest has no weight '" + name + "'");
        }
        if (!java.util.Arrays.equals(w.shape(), expectedShape)) {
            throw new IllegalArgumentException("weight '" + name + "' has shape " + java.util.Arrays.toString(w.shape())
                    + " but the layer needs " + java.util.Arrays.toString(expectedShape));
        }
        return w;
    }

    /** The weight called {@code name}, any shape. */
    Weight get(String name) {
        Weight w = byName.get(name);
        if (w == null) {
            throw new IllegalArgumentException("the weights manifest has no weight '" + name + "'");
        }
        return w;
    }

    /** Whether a weight of that name exists. */
    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** How many weights were read. */
    int size() {
        return byName.size();
    }

    private static Weight decode(JsonObject spec, ByteBuffer buffer, Path folder) throws IOException {
        String name = spec.get("name").getAsString();
        String dtype = spec.get("dtype").getAsString();
        JsonArray shapeJson = spec.getAsJsonArray("shape");
        long[] shape = new long[shapeJson.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).getAsLong();
            size *= shape[i];
        }
        if (!"float32".equals(dtype)) {
            throw new IOException("weight '" + name + "' has dtype " + dtype + "; only float32 weights are supported");
        }
        int n = Math.toIntExact(size);
        float[] values = new float[n];
        JsonObject quantization = spec.has("quantization") ? spec.getAsJsonObject("quantization") : null;
        String stored =
                quantization == null ? "float32" : quantization.get("dtype").getAsString();
        int bytesPerValue =
                switch (stored) {
                    case "uint8" -> 1;
                    case "uint16", "float16" -> 2;
                    case "float32" -> 4;
                    default ->
                        throw new IOException("weight '" + name + "' has unknown quantization dtype '" + stored
                                + "'; supported: uint8, uint16, float16");
                };
        if (buffer.remaining() < (long) n * bytesPerValue) {
            throw new IOException("the weight shards in " + folder + " end inside weight '" + name + "' ("
                    + buffer.remaining() + " bytes left, " + (long) n * bytesPerValue + " needed)");
        }
        switch (stored) {
            case "uint8", "uint16" -> {
                if (!quantization.has("scale") || !quantization.has("min")) {
                    throw new IOException(
                            "weight '" + name + "' with quantization " + stored + " has no min and scale");
                }
                double scale = quantization.get("scale").getAsDouble();
                double min = quantization.get("min").getAsDouble();
                for (int i = 0; i < n; i++) {
                    int q = "uint8".equals(stored) ? buffer.get() & 0xFF : buffer.getShort() & 0xFFFF;
                    values[i] = (float) (q * scale + min);
                }
            }
            case "float16" -> {
                for (int i = 0; i < n; i++) {
                    values[i] = halfToFloat(buffer.getShort() & 0xFFFF);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    values[i] = buffer.getFloat();
                }
            }
        }
        return new Weight(name, shape, values);
    }

    /** IEEE 754 half precision to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal (or zero): mantissa x 2^-24, exact in float
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
