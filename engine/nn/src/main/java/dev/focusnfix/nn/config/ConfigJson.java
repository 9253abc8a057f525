package dev.focusnfix.nn.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.focusnfix.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed access to a model's JSON config ({@code config.json}, {@code scheduler_config.json}, ...): the reference
 * library's default for absent (or null) keys, strict types (a number must be a JSON number, a flag a JSON boolean),
 * and errors that name the file and the key. Errors are {@link IllegalArgumentException}s, or the subclass a
 * component chooses with {@link #ConfigJson(JsonObject, String, Function)}.
 */
public final class ConfigJson {

    /** The largest config file read (a tokenizer's {@code tokenizer.json} is a few MB; weights are not JSON). */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** The largest count or size a config may give ({@link #positive}): far above any real model's. */
    public static final int MAX_SIZE = 1 << 20;

    private final JsonObject json;
    private final String source;
    private final Function<String, ? extends IllegalArgumentException> errors;

    /** A config whose errors are {@link InvalidInputException}s (bad input, exit code 2). */
    public ConfigJson(JsonObject json, String source) {
        this(json, source, InvalidInputException::new);
    }

    /** A config whose errors {@code errors} builds from their message. */
    public ConfigJson(JsonObject json, String source, Function<String, ? extends IllegalArgumentException> errors) {
        this.json = json;
        this.source = source;
        this.errors = errors;
    }

    /**
     * Parses a config file; a missing file, malformed JSON or a value other than an object is an
     * {@link InvalidInputException} naming it.
     */
    public static ConfigJson read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("Missing model config: " + file
                    + "; the model folder must hold it (copy the whole folder from the model's source)");
        }
        return new ConfigJson(readObject(file), file.toString());
    }

    /**
     * The JSON object a file holds; text that is not UTF-8, malformed JSON, a value other than an object or a file
     * over {@link #MAX_FILE_BYTES} is an {@link InvalidInputException} naming it.
     */
    public static JsonObject readObject(Path file) throws IOException {
        return parseObject(readText(file), file.toString(), InvalidInputException::new);
    }

    /**
     * The UTF-8 text of a config file; a missing file, one over {@link #MAX_FILE_BYTES} or one that is not UTF-8 is
     * an {@link InvalidInputException} naming it.
     */
    public static String readText(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " does not exist; the model folder must hold it");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidInputException(file + ": " + size + " bytes is too large for a config file (the limit"
                    + " is " + MAX_FILE_BYTES + "); is it the right file?");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text; a config file must be JSON", e);
        }
    }

    /**
     * Parses config text; malformed JSON or a value other than an object is an error from {@code errors}, as are
     * the errors of the config.
     */
    public static ConfigJson parse(
            String text, String source, Function<String, ? extends IllegalArgumentException> errors) {
        return new ConfigJson(parseObject(text, source, errors), source, errors);
    }

    private static JsonObject parseObject(
            String text, String source, Function<String, ? extends RuntimeException> errors) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            // Gson appends a troubleshooting link on a second line: keep the first.
            throw errors.apply(source + ": malformed JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!root.isJsonObject()) {
            throw errors.apply(source + ": expected a JSON object");
        }
        return root.getAsJsonObject();
    }

    /** Where the config came from, for messages. */
    public String source() {
        return source;
    }

    /** The underlying object, for shapes this class does not read. */
    public JsonObject json() {
        return json;
    }

    /** Whether the key is present and not null. */
    public boolean has(String key) {
        JsonElement value = json.get(key);
        return value != null && !value.isJsonNull();
    }

    /** A nested object (e.g. {@code text_config}), with a source that names its path. */
    public ConfigJson object(String key) {
        JsonElement value = json.get(key);
        if (value == null || !value.isJsonObject()) {
            throw error(key, "must be a JSON object");
        }
        return new ConfigJson(value.getAsJsonObject(), source + " [" + key + "]", errors);
    }

    /** A whole number that fits an int. */
    public int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        return asInteger(key, json.get(key), "must be an integer, got ");
    }

    /** A count or size: an integer from 1 to {@link #MAX_SIZE}. */
    public int positive(String key, int fallback) {
        int value = integer(key, fallback);
        if (value < 1 || value > MAX_SIZE) {
            throw error(key, "must be an integer from 1 to " + MAX_SIZE + ", got " + value);
        }
        return value;
    }

    public double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement value = json.get(key);
        if (!isNumber(value)) {
            throw error(key, "must be a number, got " + value);
        }
        double number = value.getAsDouble();
        if (!Double.isFinite(number)) {
            throw error(key, "must be a finite number, got " + value);
        }
        return number;
    }

    public String string(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw error(key, "must be a string, got " + value);
        }
        return value.getAsString();
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw error(key, "must be true or false, got " + value);
        }
        return value.getAsBoolean();
    }

    /** A list of whole numbers, or {@code fallback} when absent. */
    public List<Integer> integers(String key, List<Integer> fallback) {
        if (!has(key)) {
            return fallback;
        }
        List<Integer> values = new ArrayList<>();
        for (JsonElement v : array(key, "must be a list of integers, got ")) {
            values.add(asInteger(key, v, "must be a list of integers, got "));
        }
        return values;
    }

    /** A list of numbers, or null when absent. */
    public double[] numbers(String key) {
        if (!has(key)) {
            return null;
        }
        JsonArray array = array(key, "must be a list of numbers, got ");
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!isNumber(array.get(i)) || !Double.isFinite(array.get(i).getAsDouble())) {
                throw error(key, "must be a list of finite numbers, got " + array);
            }
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }

    /** The first entry of {@code architectures}, or null. */
    public String architecture() {
        JsonElement value = json.get("architectures");
        if (value == null || !value.isJsonArray()) {
            return null;
        }
        JsonArray list = value.getAsJsonArray();
        return list.isEmpty() || list.get(0).isJsonNull() ? null : list.get(0).getAsString();
    }

    /** An error naming this config and the offending key. */
    public IllegalArgumentException error(String key, String problem) {
        return errors.apply(source + ": " + key + " " + problem);
    }

    private JsonArray array(String key, String problem) {
        JsonElement value = json.get(key);
        if (!value.isJsonArray()) {
            throw error(key, problem + value);
        }
        return value.getAsJsonArray();
    }

    private int asInteger(String key, JsonElement value, String problem) {
        if (isNumber(value)) {
            double number = value.getAsDouble();
            if (number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE) {
                return (int) number;
            }
        }
        throw error(key, problem + json.get(key));
    }

    private static boolean isNumber(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
    }
}
