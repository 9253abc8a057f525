package dev.focusnfix.nn.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Typed access to a model's {@code config.json}, with the reference library's default for absent keys and errors that
 * name the file and the key.
 */
public final class ConfigJson {

    private final JsonObject json;
    private final String source;

    public ConfigJson(JsonObject json, String source) {
        this.json = json;
        this.source = source;
    }

    /** Parses a config file. */
    public static ConfigJson read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Missing model config: " + file);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) {
                throw new IOException(file + ": expected a JSON object");
            }
            return new ConfigJson(root.getAsJsonObject(), file.toString());
        } catch (JsonParseException e) {
            throw new IOException(file + ": invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Where the config came from, for messages. */
    public String source() {
        return source;
    }

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
        return new ConfigJson(value.getAsJsonObject(), source + " [" + key + "]");
    }

    public int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement value = json.get(key);
        try {
            double number = value.getAsDouble();
            if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
                throw error(key, "must be an integer, got " + value);
            }
            return (int) number;
        } catch (UnsupportedOperationException | NumberFormatException | IllegalStateException e) {
            throw error(key, "must be an integer, got " + value);
        }
    }

    /** An integer that must be at least 1. */
    public int positive(String key, int fallback) {
        int value = integer(key, fallback);
        if (value < 1) {
            throw error(key, "must be positive, got " + value);
        }
        return value;
    }

    public double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement value = json.get(key);
        try {
            return value.getAsDouble();
        } catch (UnsupportedOperationException | NumberFormatException | IllegalStateException e) {
            throw error(key, "must be a number, got " + value);
        }
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
        return new IllegalArgumentException(source + ": " + key + " " + problem);
    }
}
