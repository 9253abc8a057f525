package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.util.ArrayList;
import java.util.List;

/** The CLIP transformer stack ({@code layers.0 ... layers.N-1}), shared by the text and vision towers. */
public final class ClipEncoder extends Module {

    private final ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(ClipEncoderConfig config) {
        this.layers = register("layers", new ModuleList<>());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new ClipEncoderLayer(config));
        }
    }

    public int depth() {
        return layers.size();
    }

    /**
     * Runs every layer and returns all hidden states as transformers' {@code hidden_states} lists them: element 0
     * is the input, element i the output of layer i - 1, the last element the output of the last layer (before
     * any final norm). The input itself is element 0 (not copied).
     *
     * @param additiveMask null or an attention mask, see {@link SelfAttention#forward}
     */
    public List<NDArray> forward(NDArray x, NDArray additiveMask) {
        List<NDArray> hiddenStates = new ArrayList<>(layers.size() + 1);
        hiddenStates.add(x);
        NDArray h = x;
        for (ClipEncoderLayer layer : layers) {
            h = layer.forward(h, additiveMask);
            hiddenStates.add(h);
        }
        return hiddenStates;
    }
}
