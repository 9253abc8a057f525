package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code y = x W^T + b} with {@code weight} [out, in] and optional {@code bias} [out], plus any attached
 * {@link LinearAdapter}s (LoRA), whose outputs are added.
 */
public final class Linear extends Module {

    private final long inFeatures;
    private final long outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    private final Map<String, LinearAdapter> adapters = new LinkedHashMap<>();

    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = parameter("weight", outFeatures, inFeatures);
        this.bias = bias ? parameter("bias", outFeatures) : null;
    }

    public long inFeatures() {
        return inFeatures;
    }

    public long outFeatures() {
        return outFeatures;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias parameter, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** Attaches (or replaces) an adapter under a name. */
    public void addAdapter(String name, LinearAdapter adapter) {
        adapters.put(name, adapter);
    }

    /** Detaches the named adapter; returns it, or null if there was none. */
    public LinearAdapter removeAdapter(String name) {
        return adapters.remove(name);
    }

    /** The attached adapters by name, in attachment order. */
    public Map<String, LinearAdapter> adapters() {
        return Collections.unmodifiableMap(adapters);
    }

    /** x [..., in] -> [..., out]. */
    public NDArray forward(NDArray x) {
        NDArray y = ai.djl.nn.core.Linear.linear(x, weight.array(), bias == null ? null : bias.array())
                .singletonOrThrow();
        for (LinearAdapter adapter : adapters.values()) {
            if (!adapter.isActive()) {
                continue;
            }
            NDArray delta = adapter.delta(x);
            NDArray sum = y.add(delta);
            y.close();
            delta.close();
            y = sum;
        }
        return y;
    }
}
