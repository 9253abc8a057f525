package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Adapters;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.nn.lora.LoraNetwork;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The UNet's LoRA adapters as the tuners see them: at most one trainable network ({@link #attach}) plus any number of
 * loaded ones ({@link #load}), each with its own scale, all multiplied by the global {@link #scale()}. Adapter
 * weights are float32 whatever the compute dtype, so that training updates are not lost to rounding.
 */
final class LoraAdapters implements Adapters {

    private static final String TRAINABLE = "trainable";

    private final Module unet;
    private final NDManager manager;
    private final List<LoraNetwork> loaded = new ArrayList<>();
    private final Map<LoraNetwork, Float> ownScales = new LinkedHashMap<>();
    private LoraNetwork trainable;
    private float scale = 1f;

    LoraAdapters(Module unet, NDManager manager) {
        this.unet = unet;
        this.manager = manager;
    }

    @Override
    public synchronized void attach(LoraSpec spec, long seed) {
        if (trainable != null) {
            throw new IllegalStateException("trainable adapters are already attached (rank "
                    + trainable.adapters().values().iterator().next().rank() + "); attach them only once");
        }
        LoraNetwork network = LoraNetwork.create(
                unet, TRAINABLE, spec.rank(), spec.alpha(), spec.targets(), manager, DataType.FLOAT32, seed);
        trainable = network;
        ownScales.put(network, 1f);
        applyScale(network);
    }

    @Override
    public synchronized Map<String, NDArray> trainable() {
        if (trainable == null) {
            return Collections.emptyMap();
        }
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : trainable.parameters().entrySet()) {
            arrays.put(e.getKey(), e.getValue().array());
        }
        return Collections.unmodifiableMap(arrays);
    }

    @Override
    public synchronized void setScale(float newScale) {
        requireFinite(newScale, "the adapter scale");
        scale = newScale;
        ownScales.keySet().forEach(this::applyScale);
    }

    @Override
    public synchronized float scale() {
        return scale;
    }

    @Override
    public synchronized void save(Path file) throws IOException {
        if (trainable == null) {
            throw new IllegalStateException("no trainable adapters to save: attach them first");
        }
        trainable.save(file);
    }

    @Override
    public synchronized void load(Path file, float fileScale) throws IOException {
        requireFinite(fileScale, file + ": the LoRA scale");
        LoraNetwork network = LoraNetwork.load(file, unet, "loaded-" + loaded.size(), manager, DataType.FLOAT32);
        loaded.add(network);
        ownScales.put(network, fileScale);
        applyScale(network);
    }

    private static void requireFinite(float value, String what) {
        if (!Float.isFinite(value)) {
            throw new InvalidInputException(what + " must be a finite number, got " + value);
        }
    }

    private void applyScale(LoraNetwork network) {
        network.setScale((double) scale * ownScales.get(network));
    }
}
