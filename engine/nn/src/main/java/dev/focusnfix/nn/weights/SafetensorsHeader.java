package dev.focusnfix.nn.weights;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file. Validation checks everything that could make a later
 * read go out of bounds: the header length, well-formed JSON, known dtypes, non-negative shapes whose byte size matches
 * the offsets, offsets inside the data section and no overlapping ranges.
 */
public final class SafetensorsHeader {

    /** Largest header accepted, as the reference implementation does (guards against absurd lengths). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    static final String METADATA_KEY = "__metadata__";

    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;
    private final long dataStart;

    private SafetensorsHeader(Map<String, TensorEntry> entries, Map<String, String> metadata, long dataStart) {
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.dataStart = dataStart;
    }

    /** Tensor entries in header order. */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    /** The {@code __metadata__} string map (empty if absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Absolute file offset of the data section (8 + header length). */
    public long dataStart() {
        return dataStart;
    }

    /**
     * Validates the 8-byte header length against the file size.
     *
     * @param source    the file name for messages
     * @param lengthLe  the first 8 bytes of the file, little endian
     * @param fileSize  total file size in bytes
     * @return the header length
     */
    static long checkHeaderLength(String source, long lengthLe, long fileSize) {
        if (lengthLe < 2) {
            throw new WeightsException(source + ": not a safetensors file: header length " + lengthLe
                    + " is too small (the header must be a JSON object)");
        }
        if (lengthLe > MAX_HEADER_BYTES) {
            throw new WeightsException(source + ": not a safetensors file or corrupt: header length " + lengthLe
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (lengthLe > fileSize - 8) {
            throw new WeightsException(source + ": truncated or corrupt: header length " + lengthLe
                    + " runs past the end of the file (" + fileSize + " bytes)");
        }
        return lengthLe;
    }

    /**
     * Parses and validates the header bytes.
     *
     * @param source      the file name for messages
     * @param headerBytes the JSON header (length already checked)
     * @param fileSize    total file size in bytes
     */
    static SafetensorsHeader parse(String source, ByteBuffer headerBytes, long fileSize) {
        long headerLength = headerBytes.remaining();
        long dataStart = 8 + headerLength;
        long dataSize = fileSize - dataStart;
        JsonObject root = parseJson(source, headerBytes);

        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata.putAll(parseMetadata(source, e.getValue()));
            } else {
                entries.put(e.getKey(), parseEntry(source, e.getKey(), e.getValue(), dataSize));
            }
        }
        checkNoOverlap(source, entries);
        return new SafetensorsHeader(entries, metadata, dataStart);
    }

    private static JsonObject parseJson(String source, ByteBuffer headerBytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WeightsException(source + ": corrupt safetensors header: not valid UTF-8", e);
        }
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            root = JSON.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new WeightsException(
                        source + ": corrupt safetensors header: unexpected data after the JSON" + " object");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new WeightsException(
                    source + ": corrupt safetensors header: malformed JSON (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new WeightsException(source + ": corrupt safetensors header: expected a JSON object");
        }
        return root.getAsJsonObject();
    }

    private static Map<String, String> parseMetadata(String source, JsonElement value) {
        if (!value.isJsonObject()) {
            throw new WeightsException(
                    source + ": corrupt safetensors header: __metadata__ must be an object of" + " strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new WeightsException(source + ": corrupt safetensors header: __metadata__ value for \""
                        + m.getKey() + "\" must be a string");
            }
            metadata.put(m.getKey(), v.getAsString());
        }
        return metadata;
    }

    private static TensorEntry parseEntry(String source, String name, JsonElement value, long dataSize) {
        String where = source + ": tensor \"" + name + "\": ";
        if (!value.isJsonObject()) {
            throw new WeightsException(where + "header entry must be an object with dtype, shape, data_offsets");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dtypeJson = o.get("dtype");
        if (dtypeJson == null
                || !dtypeJson.isJsonPrimitive()
                || !dtypeJson.getAsJsonPrimitive().isString()) {
            throw new WeightsException(where + "missing or non-string \"dtype\"");
        }
        SafetensorsDType dtype = SafetensorsDType.parse(dtypeJson.getAsString());
        if (dtype == null) {
            throw new WeightsException(
                    where + "unknown dtype \"" + dtypeJson.getAsString() + "\"; known: " + SafetensorsDType.allNames());
        }
        long[] shape = nonNegativeLongs(where, "shape", o.get("shape"), -1);
        long[] offsets = nonNegativeLongs(where, "data_offsets", o.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new WeightsException(where + "data_offsets [" + begin + ", " + end + "] are reversed");
        }
        long expectedBytes;
        try {
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            expectedBytes = Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw new WeightsException(where + "shape " + java.util.Arrays.toString(shape) + " is too large");
        }
        if (expectedBytes != end - begin) {
            throw new WeightsException(where + "shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " needs " + expectedBytes + " bytes but data_offsets [" + begin + ", " + end + "] give "
                    + (end - begin));
        }
        if (end > dataSize) {
            throw new WeightsException(where + "data_offsets [" + begin + ", " + end + "] lie outside the data"
                    + " section of " + dataSize + " bytes (the file is truncated or corrupt)");
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    private static long[] nonNegativeLongs(String where, String field, JsonElement json, int requiredLength) {
        if (json == null || !json.isJsonArray()) {
            throw new WeightsException(where + "missing or non-array \"" + field + "\"");
        }
        JsonArray array = json.getAsJsonArray();
        if (requiredLength >= 0 && array.size() != requiredLength) {
            throw new WeightsException(
                    where + "\"" + field + "\" must have " + requiredLength + " entries, has " + array.size());
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement v = array.get(i);
            long n;
            try {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                    throw new NumberFormatException();
                }
                n = v.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new WeightsException(where + "\"" + field + "\" entry " + v + " is not an integer");
            }
            if (n < 0) {
                throw new WeightsException(where + "\"" + field + "\" entry " + n + " is negative");
            }
            values[i] = n;
        }
        return values;
    }

    private static void checkNoOverlap(String source, Map<String, TensorEntry> entries) {
        List<TensorEntry> sorted = new ArrayList<>(entries.values());
        sorted.removeIf(e -> e.begin() == e.end()); // empty tensors occupy no bytes
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorEntry previous = sorted.get(i - 1);
            TensorEntry current = sorted.get(i);
            if (current.begin() < previous.end()) {
                throw new WeightsException(source + ": corrupt safetensors header: tensors \"" + previous.name()
                        + "\" [" + previous.begin() + ", " + previous.end() + ") and \"" + current.name() + "\" ["
                        + current.begin() + ", " + current.end() + ") overlap");
            }
        }
    }
}
