package dev.focusnfix.evaluation.lpips;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.focusnfix.nn.config.ConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of an LPIPS network, read from the {@code config.json} next to its weights, so that the published
 * AlexNet-sized model and tiny test models load with the same code. Format:
 *
 * <pre>{@code
 * { "model_type": "lpips", "net": "alex",
 *   "slices": [                                   // one list per stage; a stage's output feeds lin<k>
 *     [ {"index": 0, "type": "conv", "in_channels": 3, "out_channels": 64,
 *        "kernel_size": 11, "stride": 4, "padding": 2},
 *       {"index": 1, "type": "relu"} ],
 *     [ {"index": 2, "type": "maxpool", "kernel_size": 3, "stride": 2}, ... ],
 *     ... ] }
 * }</pre>
 *
 * Conv layers need all five numbers; a maxpool's stride defaults to its kernel size, its padding to 0 and
 * {@code ceil_mode} to false (PyTorch's defaults). Layer indices increase strictly across the whole backbone.
 *
 * @param net the backbone's name (e.g. "alex"), for messages
 * @param slices the layers of each stage, in order
 */
public record LpipsConfig(String net, List<List<LpipsLayer>> slices) {

    /** Checks that the stages are non-empty, the indices increase and the channels chain from 3 input channels. */
    public LpipsConfig {
        slices = slices.stream().map(List::copyOf).toList();
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("an LPIPS config needs at least one slice");
        }
        int lastIndex = -1;
        int channels = 3;
        for (int s = 0; s < slices.size(); s++) {
            List<LpipsLayer> slice = slices.get(s);
            if (slice.isEmpty()) {
                throw new IllegalArgumentException("LPIPS slice " + (s + 1) + " has no layers");
            }
            for (LpipsLayer layer : slice) {
                if (layer.index() <= lastIndex) {
                    throw new IllegalArgumentException(
                            "LPIPS layer indices must increase; " + layer.index() + " follows " + lastIndex);
                }
                lastIndex = layer.index();
                if (layer.type() == LpipsLayer.Type.CONV) {
                    if (layer.inChannels() != channels) {
                        throw new IllegalArgumentException("LPIPS conv layer " + layer.index() + " takes "
                                + layer.inChannels() + " channels but receives " + channels);
                    }
                    channels = layer.outChannels();
                }
            }
        }
    }

    /** Channels of each stage's output: the input width of {@code lin<k>}. */
    public List<Integer> stageChannels() {
        List<Integer> channels = new ArrayList<>();
        int c = 3;
        for (List<LpipsLayer> slice : slices) {
            for (LpipsLayer layer : slice) {
                if (layer.type() == LpipsLayer.Type.CONV) {
                    c = layer.outChannels();
                }
            }
            channels.add(c);
        }
        return channels;
    }

    /** Reads a config file in the format above. */
    public static LpipsConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null, "LPIPS config.json not found (it must lie next to the LPIPS weights)");
        }
        JsonObject root = ConfigJson.readObject(file);
        ConfigJson config = new ConfigJson(root, file.toString());
        String modelType = config.string("model_type", "lpips");
        if (!modelType.equals("lpips")) {
            throw config.error("model_type", "must be \"lpips\", got \"" + modelType + "\"");
        }
        JsonElement slicesJson = root.get("slices");
        if (slicesJson == null || !slicesJson.isJsonArray()) {
            throw config.error("slices", "must be a list of layer lists");
        }
        List<List<LpipsLayer>> slices = new ArrayList<>();
        JsonArray slicesArray = slicesJson.getAsJsonArray();
        for (int s = 0; s < slicesArray.size(); s++) {
            if (!slicesArray.get(s).isJsonArray()) {
                throw config.error("slices[" + s + "]", "must be a list of layers");
            }
            List<LpipsLayer> layers = new ArrayList<>();
            JsonArray layersArray = slicesArray.get(s).getAsJsonArray();
            for (int l = 0; l < layersArray.size(); l++) {
                String where = "slices[" + s + "][" + l + "]";
                if (!layersArray.get(l).isJsonObject()) {
                    throw config.error(where, "must be a JSON object");
                }
                layers.add(layer(new ConfigJson(layersArray.get(l).getAsJsonObject(), file + " " + where)));
            }
            slices.add(layers);
        }
        try {
            return new LpipsConfig(config.string("net", "unnamed"), slices);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static LpipsLayer layer(ConfigJson json) {
        int index = json.integer("index", -1);
        if (index < 0) {
            throw json.error("index", "must be given, >= 0");
        }
        String type = json.string("type", "");
        switch (type) {
            case "conv":
                return LpipsLayer.conv(
                        index,
                        required(json, "in_channels"),
                        required(json, "out_channels"),
                        required(json, "kernel_size"),
                        required(json, "stride"),
                        nonNegative(json, "padding", -1));
            case "relu":
                return LpipsLayer.relu(index);
            case "maxpool": {
                int kernel = required(json, "kernel_size");
                return LpipsLayer.maxPool(
                        index,
                        kernel,
                        json.positive("stride", kernel),
                        nonNegative(json, "padding", 0),
                        json.bool("ceil_mode", false));
            }
            default:
                throw json.error("type", "must be conv, relu or maxpool, got \"" + type + "\"");
        }
    }

    private static int required(ConfigJson json, String key) {
        if (!json.has(key)) {
            throw json.error(key, "is required");
        }
        return json.positive(key, 1);
    }

    private static int nonNegative(ConfigJson json, String key, int fallback) {
        int value = json.integer(key, fallback);
        if (value < 0) {
            throw json.error(key, fallback < 0 ? "is required, >= 0" : "must be >= 0, got " + value);
        }
        return value;
    }
}
