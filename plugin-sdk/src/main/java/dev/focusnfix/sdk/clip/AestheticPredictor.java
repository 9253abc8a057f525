package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LAION aesthetic predictor that DRaFT uses as its main reward: a stack of {@code Linear} layers without
 * activations applied to the L2-normalised CLIP image embedding, ending in one score per image.
 *
 * <p>The layers are read from the checkpoint's keys {@code layers.<i>.weight} / {@code layers.<i>.bias}; the indices
 * may have gaps (the published predictor has dropout modules at 1, 3 and 5, which hold no weights and are the
 * identity at inference).
 */
@Experimental
public final class AestheticPredictor extends Module {

    private static final Pattern LAYER_KEY = Pattern.compile("layers\\.(\\d+)\\.(weight|bias)");

    private final List<Linear> layers;

    /**
     * @param shapes {@code [out, in]} per layer index, in order
     * @param biases which layer indices carry a bias
     */
    AestheticPredictor(TreeMap<Integer, long[]> shapes, Map<Integer, Boolean> biases) {
        LayerStack stack = register("layers", new LayerStack());
        List<Linear> built = new ArrayList<>();
        for (Map.Entry<Integer, long[]> entry : shapes.entrySet()) {
            long[] shape = entry.getValue();
            built.add(stack.add(
                    entry.getKey(), new Linear(shape[1], shape[0], biases.getOrDefault(entry.getKey(), false))));
        }
        this.layers = List.copyOf(built);
    }

    /**
     * Loads a predictor checkpoint ({@code .safetensors}), inferring the layers from its keys and checking that they
     * chain ({@code in} of each layer is {@code out} of the previous one) and end in a single output.
     */
    public static AestheticPredictor load(Path file, NDManager manager, DataType dtype) throws IOException {
        try (StateDict weights = StateDict.read(file, manager, dtype)) {
            TreeMap<Integer, long[]> shapes = new TreeMap<>();
            Map<Integer, Boolean> biases = new TreeMap<>();
            for (String key : weights.keys()) {
                Matcher m = LAYER_KEY.matcher(key);
                if (!m.matches()) {
                    throw new WeightsException(file + ": unexpected key '" + key
                            + "'; an aesthetic predictor holds only layers.<i>.weight and layers.<i>.bias");
                }
                int index = Integer.parseInt(m.group(1));
                if (m.group(2).equals("bias")) {
                    biases.put(index, true);
                    continue;
                }
                Shape shape = weights.shape(key);
                if (shape.dimension() != 2) {
                    throw new WeightsException(file + ": '" + key + "' must be a [out, in] matrix, found " + shape);
                }
                shapes.put(index, new long[] {shape.get(0), shape.get(1)});
            }
            for (Integer index : biases.keySet()) {
                if (!shapes.containsKey(index)) {
                    throw new WeightsException(file + ": layers." + index + ".bias has no layers." + index + ".weight");
                }
            }
            checkChain(file, shapes);
            AestheticPredictor predictor = new AestheticPredictor(shapes, biases);
            predictor.load(weights, "");
            weights.requireAllUsed();
            return predictor;
        }
    }

    private static void checkChain(Path file, TreeMap<Integer, long[]> shapes) {
        if (shapes.isEmpty()) {
            throw new WeightsException(file + ": no layers.<i>.weight keys; is this an aesthetic predictor?");
        }
        long[] previous = null;
        int previousIndex = -1;
        for (Map.Entry<Integer, long[]> entry : shapes.entrySet()) {
            long[] shape = entry.getValue();
            if (previous != null && shape[1] != previous[0]) {
                throw new WeightsException(file + ": layers." + entry.getKey() + " takes " + shape[1]
                        + " inputs but layers." + previousIndex + " gives " + previous[0]);
            }
            previous = shape;
            previousIndex = entry.getKey();
        }
        if (previous[0] != 1) {
            throw new WeightsException(file + ": the last layer (layers." + previousIndex + ") must give one score, "
                    + "but gives " + previous[0]);
        }
    }

    /** Width of the embedding the predictor expects. */
    public long inputDim() {
        return layers.get(0).inFeatures();
    }

    /** The layers in order (without the weight-free dropout positions). */
    List<Linear> layers() {
        return layers;
    }

    /** The linear stack on already normalised embeddings: [N, inputDim] -> [N, 1]. */
    public NDArray forward(NDArray normalizedEmbeds) {
        NDArray x = normalizedEmbeds;
        for (Linear layer : layers) {
            NDArray y = layer.forward(x);
            if (x != normalizedEmbeds) {
                x.close();
            }
            x = y;
        }
        return x;
    }

    /** The aesthetic score of CLIP image embeddings [N, inputDim] (normalised here): [N]. */
    public NDArray score(NDArray imageEmbeds) {
        if (imageEmbeds.getShape().dimension() != 2 || imageEmbeds.getShape().get(1) != inputDim()) {
            throw new IllegalArgumentException("image embeddings must be [N, " + inputDim() + "], got "
                    + imageEmbeds.getShape() + " (does the predictor belong to this CLIP model?)");
        }
        try (NDArray unit = ClipModel.normalize(imageEmbeds);
                NDArray scores = forward(unit)) {
            return scores.reshape(-1);
        }
    }

    /** Holds the layers under their checkpoint indices, which may have gaps. */
    private static final class LayerStack extends Module {

        Linear add(int index, Linear layer) {
            return register(Integer.toString(index), layer);
        }
    }
}
