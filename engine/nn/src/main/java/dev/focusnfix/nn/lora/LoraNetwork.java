package dev.focusnfix.nn.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of {@link LoraAdapter}s attached to {@link Linear} layers of a module tree (a UNet). Several networks
 * can be attached to the same model under different names; each has its own run-time scale, so the effective
 * weights are {@code theta + a * lora1 + b * lora2}. The base weights are frozen when a network is attached.
 *
 * <p>Adapter keys follow diffusers/PEFT: {@code <prefix><module>.lora_A.weight} and {@code .lora_B.weight}, with
 * prefix {@code "unet."}.
 */
public final class LoraNetwork {

    /** diffusers' usual LoRA targets: the projections of every attention block. */
    public static final List<String> DEFAULT_TARGETS = List.of("to_q", "to_k", "to_v", "to_out.0");

    /** Key prefix of UNet adapters in diffusers LoRA files. */
    public static final String UNET_PREFIX = "unet.";

    private final String name;
    private final Map<String, LoraAdapter> adapters;
    private final Map<String, Linear> layers;
    private final List<String> skippedKeys;
    private double scale = 1.0;
    private boolean attached = true;

    LoraNetwork(String name, Map<String, LoraAdapter> adapters, Map<String, Linear> layers, List<String> skippedKeys) {
        this.name = name;
        this.adapters = Collections.unmodifiableMap(new LinkedHashMap<>(adapters));
        this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
        this.skippedKeys = List.copyOf(skippedKeys);
        for (Map.Entry<String, LoraAdapter> e : adapters.entrySet()) {
            Linear layer = layers.get(e.getKey());
            if (layer.adapters().containsKey(name)) {
                throw new IllegalStateException("Layer " + e.getKey() + " already has an adapter named '" + name + "'");
            }
            layer.addAdapter(name, e.getValue());
        }
    }

    /**
     * Attaches new trainable adapters to every Linear whose module name is one of {@code targets} or ends with
     * {@code "." + target}: A initialised as PEFT does (uniform in +-1/sqrt(in), seeded per module), B zero, both
     * requiring gradients; every base parameter of {@code root} is frozen.
     */
    public static LoraNetwork create(
            Module root,
            String name,
            int rank,
            double alpha,
            Collection<String> targets,
            NDManager manager,
            DataType dtype,
            long seed) {
        Map<String, Linear> layers = findTargets(root, targets);
        if (layers.isEmpty()) {
            throw new InvalidInputException("No Linear layer matches the LoRA targets " + targets);
        }
        freeze(root);
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        for (Map.Entry<String, Linear> e : layers.entrySet()) {
            Linear layer = e.getValue();
            LoraAdapter adapter = new LoraAdapter(layer.inFeatures(), layer.outFeatures(), rank, alpha);
            adapter.initialize(manager, dtype, seed * 31 + e.getKey().hashCode());
            NDArray random = adapter.b().array();
            adapter.b().set(manager.zeros(adapter.b().shape(), dtype));
            random.close();
            adapters.put(e.getKey(), adapter);
        }
        LoraNetwork network = new LoraNetwork(name, adapters, layers, List.of());
        network.setTrainable(true);
        return network;
    }

    /** {@link #create} with the {@link #DEFAULT_TARGETS}. */
    public static LoraNetwork create(
            Module root, String name, int rank, double alpha, NDManager manager, DataType dtype, long seed) {
        return create(root, name, rank, alpha, DEFAULT_TARGETS, manager, dtype, seed);
    }

    /**
     * Loads a LoRA file (diffusers/PEFT or kohya format, detected from the keys) into {@code root}, attached under
     * {@code name} with scale 1; the adapters do not require gradients until {@link #setTrainable}. Keys of other
     * components (text encoders) are skipped and listed in {@link #skippedKeys()}; any other key that matches no
     * layer is an error.
     */
    public static LoraNetwork load(Path file, Module root, String name, NDManager manager, DataType dtype)
            throws IOException {
        return LoraCheckpoint.read(file, root, name, manager, dtype);
    }

    /**
     * Writes the adapters in the diffusers/PEFT format ({@code unet.<module>.lora_A.weight} [r, in],
     * {@code lora_B.weight} [out, r]) with rank and alpha in the metadata; see {@link LoraCheckpoint#writePeft}.
     */
    public void save(Path file) throws IOException {
        LoraCheckpoint.writePeft(this, file);
    }

    public String name() {
        return name;
    }

    /** Adapters by the dotted module name of the layer they adapt. */
    public Map<String, LoraAdapter> adapters() {
        return adapters;
    }

    /** The adapted layers by dotted module name. */
    public Map<String, Linear> layers() {
        return layers;
    }

    /** Keys of the loaded file that belong to other components and were ignored. */
    public List<String> skippedKeys() {
        return skippedKeys;
    }

    /** The adapter parameters keyed as in a diffusers LoRA file ({@code unet.<module>.lora_A.weight}, ...). */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> result = new LinkedHashMap<>();
        for (Map.Entry<String, LoraAdapter> e : adapters.entrySet()) {
            e.getValue().parameters().forEach((key, p) -> result.put(UNET_PREFIX + e.getKey() + "." + key, p));
        }
        return result;
    }

    /** Makes the adapter parameters record gradients (training) or not. */
    public void setTrainable(boolean trainable) {
        for (Parameter p : parameters().values()) {
            p.setRequiresGradient(trainable);
        }
    }

    /** The run-time scale multiplying every adapter's alpha / rank (diffusers' {@code cross_attention_kwargs scale}). */
    public double scale() {
        return scale;
    }

    /** Changes the run-time scale; 0 gives the base model exactly. */
    public void setScale(double scale) {
        this.scale = scale;
        for (LoraAdapter adapter : adapters.values()) {
            adapter.setMultiplier(scale);
        }
    }

    public boolean isAttached() {
        return attached;
    }

    /** Removes the adapters from their layers (the base model is restored; the adapters keep their weights). */
    public void detach() {
        if (!attached) {
            return;
        }
        for (Map.Entry<String, Linear> e : layers.entrySet()) {
            e.getValue().removeAdapter(name);
        }
        attached = false;
    }

    /**
     * Folds the adapters into the base weights at the current scale, {@code W <- W + s * B @ A}, and detaches
     * them. The merged weights do not require gradients; the replaced base arrays are closed.
     */
    public void merge() {
        if (!attached) {
            throw new IllegalStateException("LoRA '" + name + "' is not attached; nothing to merge");
        }
        for (Map.Entry<String, LoraAdapter> e : adapters.entrySet()) {
            LoraAdapter adapter = e.getValue();
            Parameter weight = layers.get(e.getKey()).weight();
            NDArray w = weight.array();
            double s = adapter.effectiveScale();
            if (s == 0) {
                continue;
            }
            DataType baseType = w.getDataType();
            try (NDManager scratch = w.getManager().newSubManager()) {
                NDArray b = adapter.b().array().stopGradient();
                NDArray a = adapter.a().array().stopGradient();
                b.attach(scratch);
                a.attach(scratch);
                NDArray delta = Scalars.mul(b.matMul(a), s).toType(baseType, false);
                NDArray base = w.stopGradient();
                base.attach(scratch);
                NDArray merged = base.add(delta);
                merged.attach(w.getManager());
                weight.set(merged);
            }
            w.close();
        }
        detach();
    }

    /** Linear layers whose module name is, or ends with ".", one of the targets. */
    static Map<String, Linear> findTargets(Module root, Collection<String> targets) {
        Map<String, Linear> found = new LinkedHashMap<>();
        List<String> notLinear = new ArrayList<>();
        for (Map.Entry<String, Module> e : root.modules().entrySet()) {
            String module = e.getKey();
            boolean targeted = targets.stream().anyMatch(t -> module.equals(t) || module.endsWith("." + t));
            if (!targeted) {
                continue;
            }
            if (e.getValue() instanceof Linear) {
                found.put(module, (Linear) e.getValue());
            } else {
                notLinear.add(module + " (" + e.getValue().getClass().getSimpleName() + ")");
            }
        }
        if (!notLinear.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets must be Linear layers; these are not: " + notLinear);
        }
        return found;
    }

    /** Stops gradients on every base parameter of the model. */
    static void freeze(Module root) {
        for (Parameter p : root.parameters().values()) {
            if (p.isSet() && p.requiresGradient()) {
                p.setRequiresGradient(false);
            }
        }
    }
}
