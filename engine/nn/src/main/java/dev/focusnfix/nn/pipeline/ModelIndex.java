package dev.focusnfix.nn.pipeline;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.nn.config.ConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A diffusers pipeline folder's {@code model_index.json}: the pipeline class, its components (folder name to
 * library class; entries written {@code [null, null]} are absent) and pipeline-level flags.
 *
 * @param folder the pipeline folder
 * @param className {@code _class_name}
 * @param components present components, folder name to class name
 * @param forceZerosForEmptyPrompt SDXL's {@code force_zeros_for_empty_prompt} (true when absent)
 */
public record ModelIndex(
        Path folder, String className, Map<String, String> components, boolean forceZerosForEmptyPrompt) {

    /** The file name inside a pipeline folder. */
    public static final String FILE = "model_index.json";

    public ModelIndex {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** Reads {@code folder/model_index.json}. */
    public static ModelIndex read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(folder + " is not a diffusers pipeline folder: " + FILE + " is missing");
        }
        JsonObject json = ConfigJson.readObject(file);
        JsonElement name = json.get("_class_name");
        if (name == null || !name.isJsonPrimitive()) {
            throw new InvalidInputException(file + ": _class_name is missing");
        }
        Map<String, String> components = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            // Components are written as [library, class]; [null, null] marks an absent one.
            JsonElement value = e.getValue();
            if (e.getKey().startsWith("_")
                    || !value.isJsonArray()
                    || value.getAsJsonArray().size() != 2) {
                continue;
            }
            JsonElement componentClass = e.getValue().getAsJsonArray().get(1);
            if (!componentClass.isJsonNull()) {
                components.put(e.getKey(), componentClass.getAsString());
            }
        }
        JsonElement zeros = json.get("force_zeros_for_empty_prompt");
        boolean forceZeros = zeros == null || zeros.isJsonNull() || zeros.getAsBoolean();
        return new ModelIndex(folder, name.getAsString(), components, forceZeros);
    }

    /** The folder of a component, failing with the file's name when model_index.json does not list it. */
    public Path component(String name) throws IOException {
        if (!components.containsKey(name)) {
            throw new InvalidInputException(folder.resolve(FILE) + " lists no \"" + name + "\" component, which a "
                    + className + " needs (present: " + String.join(", ", components.keySet()) + ")");
        }
        Path path = folder.resolve(name);
        if (!Files.isDirectory(path)) {
            throw new InvalidInputException(
                    FILE + " lists the \"" + name + "\" component but " + path + " does not exist");
        }
        return path;
    }
}
