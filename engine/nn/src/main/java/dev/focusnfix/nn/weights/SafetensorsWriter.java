package dev.focusnfix.nn.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.focusnfix.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes safetensors files atomically ({@link AtomicFiles}), so a reader never sees a half-written checkpoint.
 * Tensors are written in name order.
 */
public final class SafetensorsWriter {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final int CHUNK_ELEMENTS = 1 << 16;

    private SafetensorsWriter() {}

    /** Writes every tensor in its own type (F32, F16, BF16, F64, integer and boolean types). */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, null);
    }

    /**
     * Writes tensors, storing floating point tensors as {@code floatType} (F32, F16 or BF16, rounded to nearest even)
     * or in their own type when it is null. Integer and boolean tensors are always stored as they are.
     */
    public static void write(
            Path file, Map<String, NDArray> tensors, Map<String, String> metadata, SafetensorsDType floatType)
            throws IOException {
        if (floatType != null
                && floatType != SafetensorsDType.F32
                && floatType != SafetensorsDType.F16
                && floatType != SafetensorsDType.BF16
                && floatType != SafetensorsDType.F64) {
            throw new WeightsException(
                    "cannot store floating point tensors as " + floatType + "; use F32, F16, BF16 or F64");
        }
        Map<String, NDArray> sorted = new TreeMap<>(tensors);
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach(meta::addProperty);
            header.add(SafetensorsHeader.METADATA_KEY, meta);
        }
        List<SafetensorsDType> storedTypes = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> e : sorted.entrySet()) {
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new WeightsException("a tensor cannot be named " + SafetensorsHeader.METADATA_KEY);
            }
            NDArray array = e.getValue();
            SafetensorsDType stored = storedType(e.getKey(), array.getDataType(), floatType);
            storedTypes.add(stored);
            long bytes = array.getShape().size() * stored.byteSize();
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", stored.name());
            JsonArray shape = new JsonArray();
            for (long d : array.getShape().getShape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        // Pad with spaces to a multiple of 8 so the data section is aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;

        AtomicFiles.write(file, out -> {
            ByteBuffer length =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
            out.write(length.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            int i = 0;
            for (NDArray array : sorted.values()) {
                writeData(out, array, storedTypes.get(i++));
            }
        });
    }

    private static SafetensorsDType storedType(String name, DataType type, SafetensorsDType floatType) {
        if (type.isFloating() && floatType != null) {
            return floatType;
        }
        try {
            return SafetensorsDType.of(type);
        } catch (WeightsException e) {
            throw new WeightsException("tensor \"" + name + "\": " + e.getMessage(), e);
        }
    }

    private static void writeData(OutputStream out, NDArray array, SafetensorsDType stored) throws IOException {
        if (array.getShape().size() == 0) {
            return;
        }
        DataType type = array.getDataType();
        if (stored.isFloatingPoint() && type.isFloating()) {
            if (stored == SafetensorsDType.F64) {
                if (type == DataType.FLOAT64) {
                    writeDoubles(out, array.toDoubleArray());
                } else {
                    try (NDArray d = array.toType(DataType.FLOAT64, true)) {
                        writeDoubles(out, d.toDoubleArray());
                    }
                }
            } else {
                // Go through float32: exact for F16/BF16 sources, and the 16-bit encoders round from float32.
                float[] values = type == DataType.FLOAT32 ? array.toFloatArray() : toFloats(array);
                writeFloats(out, values, stored);
            }
            return;
        }
        // Integer and boolean data: the engine's bytes in native order, rewritten little endian.
        ByteBuffer native_ = array.toByteBuffer().order(ByteOrder.nativeOrder());
        int size = stored.byteSize();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * 8).order(ByteOrder.LITTLE_ENDIAN);
        while (native_.hasRemaining()) {
            switch (size) {
                case 1 -> chunk.put(native_.get());
                case 2 -> chunk.putShort(native_.getShort());
                case 4 -> chunk.putInt(native_.getInt());
                default -> chunk.putLong(native_.getLong());
            }
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private static float[] toFloats(NDArray array) {
        try (NDArray f = array.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    private static void writeFloats(OutputStream out, float[] values, SafetensorsDType stored) throws IOException {
        int bytesPer = stored.byteSize();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (stored) {
                case F16 -> chunk.putShort(HalfFloats.floatToHalf(v));
                case BF16 -> chunk.putShort(HalfFloats.floatToBfloat16(v));
                default -> chunk.putFloat(v);
            }
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private static void writeDoubles(OutputStream out, double[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            chunk.putDouble(v);
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }
}
