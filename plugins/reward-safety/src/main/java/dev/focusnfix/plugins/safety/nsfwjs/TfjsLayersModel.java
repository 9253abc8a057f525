package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TensorFlow.js layers model ({@code model.json} with {@code format: layers-model} or a Keras topology, and its
 * weight shards) built from its topology on DJL: a functional {@code Model} (layers with inbound nodes) or a
 * {@code Sequential} stack, run layer by layer in topological order. Images go in as NCHW {@code [N, C, H, W]};
 * the network sees exactly what TensorFlow.js computes on the NHWC tensor. Weights live in the manager given to
 * {@link #load} (float32, on its device) until it is closed.
 */
final class TfjsLayersModel {

    /** Layer classes this reader builds, for the error that names an unsupported one. */
    static final List<String> SUPPORTED = List.of(
            "InputLayer",
            "Conv2D",
            "DepthwiseConv2D",
            "BatchNormalization",
            "ReLU",
            "Activation",
            "Softmax",
            "Add",
            "Concatenate",
            "ZeroPadding2D",
            "AveragePooling2D",
            "MaxPooling2D",
            "GlobalAveragePooling2D",
            "GlobalMaxPooling2D",
            "Flatten",
            "Dense",
            "Dropout");

    private record Node(String name, String className, TfjsLayer layer, List<String> inputs) {}

    private final List<Node> nodes;
    private final String input;
    private final String output;
    private final long[] inputShape;

    private TfjsLayersModel(List<Node> nodes, String input, String output, long[] inputShape) {
        this.nodes = nodes;
        this.input = input;
        this.output = output;
        this.inputShape = inputShape;
    }

    /**
     * Reads {@code model.json} (or the {@code model.json} in a folder) and its shards; builds every layer.
     *
     * @throws IOException if a file is missing or the weights do not match the manifest
     * @throws IllegalArgumentException naming the layer when the topology uses something unsupported
     */
    static TfjsLayersModel load(Path modelJsonOrFolder, NDManager manager) throws IOException {
        Path file = Files.isDirectory(modelJsonOrFolder) ? modelJsonOrFolder.resolve("model.json") : modelJsonOrFolder;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no TensorFlow.js model.json at " + file);
        }
        JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                .getAsJsonObject();
        if (json.has("format") && !"layers-model".equals(json.get("format").getAsString())) {
            throw new IOException(file + " is a TensorFlow.js '"
                    + json.get("format").getAsString() + "'; only the layers format (Keras topology) is supported");
        }
        if (!json.has("modelTopology") || !json.has("weightsManifest")) {
            throw new IOException(
                    file + " is not a TensorFlow.js layers model: it needs modelTopology and" + " weightsManifest");
        }
        TfjsWeights weights = TfjsWeights.read(json.getAsJsonArray("weightsManifest"), file.getParent());
        JsonObject topology = json.getAsJsonObject("modelTopology");
        JsonObject model = topology.has("model_config") ? topology.getAsJsonObject("model_config") : topology;
        String kind = model.get("class_name").getAsString();
        try {
            return switch (kind) {
                case "Model", "Functional" -> functional(model.getAsJsonObject("config"), weights, manager);
                case "Sequential" -> sequential(model.get("config"), weights, manager);
                default ->
                    throw new IOException(
                            file + ": model class '" + kind + "' is not supported (Model, Functional, Sequential)");
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static TfjsLayersModel functional(JsonObject config, TfjsWeights weights, NDManager manager) {
        JsonArray inputs = config.getAsJsonArray("input_layers");
        JsonArray outputs = config.getAsJsonArray("output_layers");
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new IllegalArgumentException("the model has " + inputs.size() + " inputs and " + outputs.size()
                    + " outputs; an image classifier has one of each");
        }
        String input = inputs.get(0).getAsJsonArray().get(0).getAsString();
        String output = outputs.get(0).getAsJsonArray().get(0).getAsString();
        Map<String, JsonObject> byName = new LinkedHashMap<>();
        for (JsonElement e : config.getAsJsonArray("layers")) {
            JsonObject layer = e.getAsJsonObject();
            byName.put(layer.get("name").getAsString(), layer);
        }
        List<Node> ordered = new ArrayList<>();
        Set<String> built = new java.util.HashSet<>();
        long[] inputShape = null;
        // Keras lists layers in a valid order already; the loop still checks that every input exists first.
        for (JsonObject layer : byName.values()) {
            String name = layer.get("name").getAsString();
            List<String> inbound = inbound(name, layer.getAsJsonArray("inbound_nodes"));
            for (String from : inbound) {
                if (!built.contains(from)) {
                    throw new IllegalArgumentException(
                            "layer '" + name + "' reads '" + from + "', which is not defined before it");
                }
            }
            String className = layer.get("class_name").getAsString();
            KerasConfig layerConfig = new KerasConfig(name, layer.getAsJsonObject("config"));
            if (name.equals(input)) {
                inputShape = inputShape(layerConfig);
            }
            ordered.add(new Node(name, className, build(className, layerConfig, weights, manager), inbound));
            built.add(name);
        }
        if (!built.contains(input) || !built.contains(output)) {
            throw new IllegalArgumentException(
                    "the input '" + input + "' or output '" + output + "' layer is missing from the layer list");
        }
        return new TfjsLayersModel(ordered, input, output, inputShape);
    }

    private static TfjsLayersModel sequential(JsonElement config, TfjsWeights weights, NDManager manager) {
        JsonArray layers = config.isJsonArray()
                ? config.getAsJsonArray()
                : config.getAsJsonObject().getAsJsonArray("layers");
        List<Node> ordered = new ArrayList<>();
        String previous = "input";
        ordered.add(new Node(previous, "InputLayer", StructuralLayers.identity(), List.of()));
        long[] inputShape = null;
        for (JsonElement e : layers) {
            JsonObject layer = e.getAsJsonObject();
            JsonObject layerConfig = layer.getAsJsonObject("config");
            String name = layerConfig.get("name").getAsString();
            KerasConfig kc = new KerasConfig(name, layerConfig);
            if (inputShape == null && kc.has("batch_input_shape")) {
                inputShape = inputShape(kc);
            }
            String className = layer.get("class_name").getAsString();
            ordered.add(new Node(name, className, build(className, kc, weights, manager), List.of(previous)));
            previous = name;
        }
        return new TfjsLayersModel(ordered, "input", previous, inputShape);
    }

    private static List<String> inbound(String name, JsonArray nodes) {
        if (nodes == null || nodes.size() == 0) {
            return List.of();
        }
        if (nodes.size() > 1) {
            throw new IllegalArgumentException("layer '" + name + "' is called " + nodes.size()
                    + " times (a shared layer); only layers called once are supported");
        }
        List<String> inputs = new ArrayList<>();
        for (JsonElement in : nodes.get(0).getAsJsonArray()) {
            JsonArray ref = in.getAsJsonArray();
            if (ref.get(2).getAsInt() != 0) {
                throw new IllegalArgumentException(
                        "layer '" + name + "' reads output " + ref.get(2).getAsInt() + " of '"
                                + ref.get(0).getAsString() + "'; only single-output layers are supported");
            }
            inputs.add(ref.get(0).getAsString());
        }
        return inputs;
    }

    private static long[] inputShape(KerasConfig config) {
        if (!config.has("batch_input_shape")) {
            return null;
        }
        JsonArray shape = config.require("batch_input_shape").getAsJsonArray();
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).isJsonNull() ? -1 : shape.get(i).getAsLong();
        }
        return out;
    }

    private static TfjsLayer build(String className, KerasConfig config, TfjsWeights weights, NDManager manager) {
        return switch (className) {
            case "InputLayer", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout" ->
                StructuralLayers.identity();
            case "Conv2D" -> ConvolutionLayer.conv2d(config, weights, manager);
            case "DepthwiseConv2D" -> ConvolutionLayer.depthwise(config, weights, manager);
            case "BatchNormalization" -> new BatchNormalizationLayer(config, weights, manager);
            case "Dense" -> new DenseLayer(config, weights, manager);
            case "ReLU" -> StructuralLayers.relu(config);
            case "Activation" -> StructuralLayers.activation(config);
            case "Softmax" -> StructuralLayers.softmax(config);
            case "Add" -> StructuralLayers.add(config);
            case "Concatenate" -> StructuralLayers.concatenate(config);
            case "ZeroPadding2D" -> StructuralLayers.zeroPadding(config);
            case "Flatten" -> StructuralLayers.flatten(config);
            case "AveragePooling2D" -> PoolingLayer.average(config);
            case "MaxPooling2D" -> PoolingLayer.maximum(config);
            case "GlobalAveragePooling2D" -> PoolingLayer.globalAverage(config);
            case "GlobalMaxPooling2D" -> PoolingLayer.globalMaximum(config);
            default ->
                throw config.error("is a " + className + ", which this reader does not support; supported: "
                        + String.join(", ", SUPPORTED));
        };
    }

    /** The input height the model was built for ({@code batch_input_shape}), or -1 when it accepts any. */
    int inputHeight() {
        return inputShape == null || inputShape.length != 4 ? -1 : (int) inputShape[1];
    }

    /** The input width the model was built for, or -1 when it accepts any. */
    int inputWidth() {
        return inputShape == null || inputShape.length != 4 ? -1 : (int) inputShape[2];
    }

    /** The fused activation of the output layer ({@code softmax} for nsfwjs). */
    String outputActivation() {
        return nodes.stream()
                .filter(n -> n.name().equals(output))
                .findFirst()
                .orElseThrow()
                .layer()
                .activation();
    }

    /** The number of layers, the input layer included. */
    int layerCount() {
        return nodes.size();
    }

    /**
     * Runs the network on NCHW float32 images. With {@code beforeOutputActivation}, the output layer's fused
     * activation is skipped: a softmax classifier then returns its logits. Intermediate arrays are closed once no
     * layer needs them; the result lives in the input's manager.
     */
    NDArray forward(NDArray x, boolean beforeOutputActivation) {
        Map<String, Integer> pending = new HashMap<>();
        for (Node n : nodes) {
            for (String in : n.inputs()) {
                pending.merge(in, 1, Integer::sum);
            }
        }
        Map<String, NDArray> values = new HashMap<>();
        Map<NDArray, Integer> aliases = new IdentityHashMap<>();
        NDArray result = null;
        for (Node n : nodes) {
            NDArray y;
            if (n.name().equals(input)) {
                y = x;
            } else {
                List<NDArray> args = new ArrayList<>(n.inputs().size());
                for (String in : n.inputs()) {
                    args.add(values.get(in));
                }
                y = beforeOutputActivation && n.name().equals(output)
                        ? n.layer().applyBeforeActivation(args)
                        : n.layer().apply(args);
            }
            values.put(n.name(), y);
            aliases.merge(y, 1, Integer::sum);
            if (n.name().equals(output)) {
                result = y;
                break;
            }
            for (String in : n.inputs()) {
                if (pending.merge(in, -1, Integer::sum) == 0) {
                    release(values.remove(in), aliases, x);
                }
            }
        }
        for (NDArray v : values.values()) {
            if (v != result) {
                release(v, aliases, x);
            }
        }
        return result;
    }

    /** Closes a value no layer needs any more, unless another live name (an identity layer) or the input shares it. */
    private static void release(NDArray value, Map<NDArray, Integer> aliases, NDArray input) {
        if (value == null) {
            return;
        }
        int left = aliases.merge(value, -1, Integer::sum);
        if (left <= 0 && value != input) {
            aliases.remove(value);
            value.close();
        }
    }
}
