package dev.focusnfix.nn.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the weight files of a diffusers/HF component folder, following the published naming:
 * {@code diffusion_pytorch_model[.variant].safetensors} or {@code model[.variant].safetensors}, or a sharded
 * checkpoint described by {@code <name>.safetensors.index[.variant].json} whose {@code weight_map} names the shard of
 * every key.
 *
 * @param files     the safetensors files to read (one, or every shard)
 * @param index     the shard index file, or null for a single file
 * @param weightMap key to shard file name from the index (empty for a single file)
 * @param metadata  the index's {@code metadata} as strings (empty for a single file)
 */
public record ComponentFiles(
        List<Path> files, Path index, Map<String, String> weightMap, Map<String, String> metadata) {

    private static final List<String> BASE_NAMES = List.of("diffusion_pytorch_model", "model");

    /** Resolves a component folder (or a single .safetensors file) for the given variant (null: none). */
    public static ComponentFiles resolve(Path folder, String variant) throws IOException {
        if (Files.isRegularFile(folder)) {
            if (!folder.getFileName().toString().endsWith(".safetensors")) {
                throw new WeightsException(folder + ": expected a .safetensors file or a component folder");
            }
            return new ComponentFiles(List.of(folder), null, Map.of(), Map.of());
        }
        if (!Files.isDirectory(folder)) {
            throw new WeightsException(folder + ": component folder does not exist");
        }
        if (variant != null && (variant.isBlank() || variant.contains("/") || variant.contains("\\"))) {
            throw new WeightsException("invalid weights variant \"" + variant + "\" (expected e.g. \"fp16\")");
        }
        for (String base : BASE_NAMES) {
            Path single = folder.resolve(withVariant(base + ".safetensors", variant));
            if (Files.isRegularFile(single)) {
                return new ComponentFiles(List.of(single), null, Map.of(), Map.of());
            }
            Path index = folder.resolve(withVariant(base + ".safetensors.index.json", variant));
            if (Files.isRegularFile(index)) {
                return fromIndex(folder, index);
            }
        }
        throw new WeightsException(notFoundMessage(folder, variant));
    }

    /** Inserts the variant before the last extension: {@code a.safetensors -> a.fp16.safetensors}. */
    static String withVariant(String fileName, String variant) {
        if (variant == null) {
            return fileName;
        }
        int dot = fileName.lastIndexOf('.');
        return fileName.substring(0, dot) + "." + variant + fileName.substring(dot);
    }

    private static ComponentFiles fromIndex(Path folder, Path index) throws IOException {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(dev.focusnfix.nn.config.ConfigJson.readText(index));
            if (!parsed.isJsonObject()) {
                throw new JsonParseException("not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new WeightsException(index + ": malformed shard index (" + e.getMessage() + ")", e);
        }
        JsonElement weightMapJson = root.get("weight_map");
        if (weightMapJson == null || !weightMapJson.isJsonObject()) {
            throw new WeightsException(index + ": shard index has no \"weight_map\" object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        Path base = folder.toAbsolutePath().normalize();
        for (Map.Entry<String, JsonElement> e : weightMapJson.getAsJsonObject().entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new WeightsException(index + ": weight_map entry for \"" + e.getKey() + "\" must be a file name");
            }
            String shardName = v.getAsString();
            Path shard = base.resolve(shardName).normalize();
            if (!shard.startsWith(base) || shard.equals(base)) {
                throw new WeightsException(index + ": shard \"" + shardName + "\" for \"" + e.getKey()
                        + "\" lies outside the component folder");
            }
            if (!files.contains(shard)) {
                if (!Files.isRegularFile(shard)) {
                    throw new WeightsException(index + ": shard file \"" + shardName + "\" (holding \"" + e.getKey()
                            + "\") is missing from " + folder);
                }
                files.add(shard);
            }
            weightMap.put(e.getKey(), shardName);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonElement meta = root.get("metadata");
        if (meta != null && meta.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : meta.getAsJsonObject().entrySet()) {
                JsonElement v = m.getValue();
                metadata.put(m.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
        }
        return new ComponentFiles(
                Collections.unmodifiableList(files),
                index,
                Collections.unmodifiableMap(weightMap),
                Collections.unmodifiableMap(metadata));
    }

    private static String notFoundMessage(Path folder, String variant) throws IOException {
        List<String> present;
        try (Stream<Path> list = Files.list(folder)) {
            present = list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        List<String> weights = present.stream()
                .filter(n -> n.endsWith(".safetensors")
                        || n.endsWith(".json") && n.contains(".safetensors.index")
                        || n.endsWith(".bin")
                        || n.endsWith(".ckpt")
                        || n.endsWith(".pt"))
                .collect(Collectors.toList());
        StringBuilder message = new StringBuilder(folder.toString())
                .append(": no weights found for ")
                .append(variant == null ? "the default (no) variant" : "variant \"" + variant + "\"")
                .append("; looked for ");
        List<String> looked = new ArrayList<>();
        for (String base : BASE_NAMES) {
            looked.add(withVariant(base + ".safetensors", variant));
            looked.add(withVariant(base + ".safetensors.index.json", variant));
        }
        message.append(String.join(", ", looked))
                .append(". Files present: ")
                .append(weights.isEmpty() ? "no weight files" : String.join(", ", weights))
                .append('.');
        if (weights.stream().anyMatch(n -> n.endsWith(".bin") || n.endsWith(".ckpt") || n.endsWith(".pt"))
                && weights.stream().noneMatch(n -> n.endsWith(".safetensors"))) {
            message.append(" Only PyTorch pickle weights are present; convert them to safetensors.");
        }
        for (String name : weights) {
            for (String base : BASE_NAMES) {
                String prefix = base + ".";
                if (name.startsWith(prefix)
                        && name.endsWith(".safetensors")
                        && name.length() > prefix.length() + ".safetensors".length()) {
                    String middle = name.substring(prefix.length(), name.length() - ".safetensors".length());
                    if (!middle.isEmpty() && !middle.contains("-of-") && !middle.equals(variant)) {
                        message.append(" Pass variant \"")
                                .append(middle)
                                .append("\" to use ")
                                .append(name)
                                .append('.');
                    }
                }
            }
            if (variant != null && BASE_NAMES.stream().anyMatch(b -> name.equals(b + ".safetensors"))) {
                message.append(" Pass no variant to use ").append(name).append('.');
            }
        }
        return message.toString();
    }
}
