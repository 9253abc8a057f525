package dev.focusnfix.nn.tokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.nn.config.ConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options of a tokenizer folder: {@code tokenizer_config.json} overlaid with {@code special_tokens_map.json}
 * (which wins for special tokens, as in HF). Both files are optional.
 */
final class TokenizerSettings {

    static final String CONFIG_FILE = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_FILE = "special_tokens_map.json";
    /** What the SD/LDM pipelines use when a folder states no usable length. */
    static final int DEFAULT_MAX_LENGTH = 77;
    /** HF writes VERY_LARGE_INTEGER (int(1e30)) for "unbounded"; that value and above count as unbounded. */
    private static final double UNBOUNDED_LENGTH = 1e29;
    /** The longest prompt a tokenizer may pad to (text encoders of diffusion models use 77 to 512). */
    static final int MAX_LENGTH = 65_536;

    private final Path folder;
    private final JsonObject config;
    private final JsonObject specialTokens;

    private TokenizerSettings(Path folder, JsonObject config, JsonObject specialTokens) {
        this.folder = folder;
        this.config = config;
        this.specialTokens = specialTokens;
    }

    static TokenizerSettings read(Path folder) throws IOException {
        return new TokenizerSettings(
                folder, readJson(folder.resolve(CONFIG_FILE)), readJson(folder.resolve(SPECIAL_TOKENS_FILE)));
    }

    private static JsonObject readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new JsonObject();
        }
        return ConfigJson.readObject(file);
    }

    Path folder() {
        return folder;
    }

    String tokenizerClass() {
        JsonElement value = config.get("tokenizer_class");
        return value == null || value.isJsonNull() ? null : text(value, CONFIG_FILE + " tokenizer_class");
    }

    int modelMaxLength() {
        JsonElement value = config.get("model_max_length");
        if (value == null || value.isJsonNull()) {
            return DEFAULT_MAX_LENGTH;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new InvalidInputException(
                    folder.resolve(CONFIG_FILE) + ": model_max_length must be a number, got " + value);
        }
        double length = value.getAsDouble();
        if (length >= UNBOUNDED_LENGTH && !Double.isInfinite(length)) {
            return DEFAULT_MAX_LENGTH;
        }
        if (!(length >= 2 && length <= MAX_LENGTH) || length != Math.rint(length)) {
            throw new InvalidInputException(folder.resolve(CONFIG_FILE) + ": model_max_length " + value
                    + " is out of range: it must be a whole number from 2 to " + MAX_LENGTH
                    + " (or 1e30, which means unbounded)");
        }
        return (int) length;
    }

    /** A special token's text ({@code "pad_token"} etc.), either a string or an AddedToken object with "content". */
    String specialToken(String key, String fallback) {
        String fromMap = tokenText(specialTokens.get(key));
        if (fromMap != null) {
            return fromMap;
        }
        String fromConfig = tokenText(config.get(key));
        return fromConfig != null ? fromConfig : fallback;
    }

    private String tokenText(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value.isJsonObject()) {
            JsonElement content = value.getAsJsonObject().get("content");
            return content == null || content.isJsonNull() ? null : text(content, "a special token's content");
        }
        return text(value, "a special token");
    }

    private String text(JsonElement value, String what) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new InvalidInputException(folder + ": " + what + " must be a string, got " + value);
        }
        return value.getAsString();
    }

    boolean flag(String key, boolean fallback) {
        JsonElement value = config.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new InvalidInputException(
                    folder.resolve(CONFIG_FILE) + ": " + key + " must be true or false, got " + value);
        }
        return value.getAsBoolean();
    }

    /** A true/false/null option; null when absent or JSON null. */
    Boolean optionalFlag(String key) {
        JsonElement value = config.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        return flag(key, false);
    }
}
