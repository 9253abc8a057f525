package dev.focusnfix.nn.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.weights.FiniteWeights;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tree of named submodules and parameters whose dotted names match PyTorch {@code state_dict} keys, so that
 * checkpoints load by name. Parameters are declared with their shape in constructors and receive arrays from
 * {@link #load} (pretrained weights) or {@link #initialize} (random weights, e.g. for benchmarks).
 *
 * <p>Modules hold no activations: forward methods compute in the input's {@link NDManager}, so callers scope memory
 * by creating their inputs in a sub-manager.
 */
public abstract class Module {

    /** How many keys a load error lists before it counts the rest. */
    private static final int MAX_LISTED = 12;

    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Parameter> ownParameters = new LinkedHashMap<>();

    /** Registers a child under a path segment and returns it. */
    protected final <M extends Module> M register(String name, M child) {
        checkName(name);
        if (children.containsKey(name) || ownParameters.containsKey(name)) {
            throw new IllegalArgumentException(
                    "Duplicate member name '" + name + "' in " + getClass().getSimpleName());
        }
        children.put(name, child);
        return child;
    }

    /** Declares a parameter with PyTorch-like default initialisation chosen from its name and rank. */
    protected final Parameter parameter(String name, long... shape) {
        ParameterInit init;
        if ("bias".equals(name) || name.endsWith("_bias")) {
            init = ParameterInit.ZEROS;
        } else if (shape.length >= 2) {
            init = ParameterInit.FAN_IN_UNIFORM;
        } else {
            init = ParameterInit.ONES;
        }
        return parameter(name, init, shape);
    }

    /** Declares a parameter with an explicit random initialisation rule. */
    protected final Parameter parameter(String name, ParameterInit init, long... shape) {
        checkName(name);
        if (children.containsKey(name) || ownParameters.containsKey(name)) {
            throw new IllegalArgumentException(
                    "Duplicate member name '" + name + "' in " + getClass().getSimpleName());
        }
        Parameter parameter = new Parameter(name, new Shape(shape), init);
        ownParameters.put(name, parameter);
        return parameter;
    }

    /**
     * Every parameter of this module and its descendants, keyed by full dotted name: own parameters first, then
     * each child's in registration order (PyTorch's {@code named_parameters} order).
     */
    public final Map<String, Parameter> parameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        collectParameters("", all);
        return Collections.unmodifiableMap(all);
    }

    /** Every descendant module keyed by full dotted name (this module itself excluded), in registration order. */
    public final Map<String, Module> modules() {
        Map<String, Module> all = new LinkedHashMap<>();
        collectModules("", all);
        return Collections.unmodifiableMap(all);
    }

    /** The direct children keyed by their path segment. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Total number of scalar values in all parameters. */
    public final long parameterCount() {
        long count = 0;
        for (Parameter p : parameters().values()) {
            count += p.shape().size();
        }
        return count;
    }

    /**
     * Fills every parameter from {@code weights.get(prefix + name)}. All missing keys and shape mismatches are
     * collected and reported in one {@link WeightsException}; nothing is half-reported.
     */
    public final void load(StateDict weights, String prefix) {
        String p = prefix == null ? "" : prefix;
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : parameters().entrySet()) {
            String key = p + entry.getKey();
            Parameter parameter = entry.getValue();
            if (!weights.contains(key)) {
                missing.add(key + " " + parameter.shape());
                continue;
            }
            if (!weights.shape(key).equals(parameter.shape())) {
                mismatched.add(key + ": expected " + parameter.shape() + ", found " + weights.shape(key));
                continue;
            }
            NDArray array = weights.get(key);
            FiniteWeights.require(weights.source(), key, array);
            parameter.set(array);
        }
        if (!missing.isEmpty() || !mismatched.isEmpty()) {
            StringBuilder message = new StringBuilder(weights.source())
                    .append(": cannot load ")
                    .append(getClass().getSimpleName());
            if (!p.isEmpty()) {
                message.append(" (key prefix '").append(p).append("')");
            }
            message.append(": the checkpoint does not fit the architecture built from the config.");
            if (!missing.isEmpty()) {
                message.append("\n  missing keys (").append(missing.size()).append("):");
                listSome(message, missing);
            }
            if (!mismatched.isEmpty()) {
                message.append("\n  shape mismatches (")
                        .append(mismatched.size())
                        .append("):");
                listSome(message, mismatched);
            }
            message.append("\n  Check that config.json belongs to these weights (and the key prefix is right).");
            throw new WeightsException(message.toString());
        }
    }

    /** The first keys of a list, then how many more: a message stays readable for a whole wrong checkpoint. */
    private static void listSome(StringBuilder message, List<String> keys) {
        int shown = Math.min(keys.size(), MAX_LISTED);
        keys.subList(0, shown).forEach(k -> message.append("\n    ").append(k));
        if (keys.size() > shown) {
            message.append("\n    ... and ").append(keys.size() - shown).append(" more");
        }
    }

    /**
     * Fills the parameters from a checkpoint in the reference key layout; models whose checkpoints carry buffers the
     * implementation does not need override this to claim them too.
     */
    public void loadWeights(StateDict weights) {
        load(weights, "");
    }

    /**
     * Reads a component folder's checkpoint ({@link StateDict#readComponent}: single, sharded or variant file, here
     * converted to {@code dtype} on {@code manager}), fills the parameters with {@link #loadWeights} and insists
     * that every tensor of the checkpoint was used.
     */
    public final void loadComponent(Path folder, String variantOrNull, NDManager manager, DataType dtype)
            throws IOException {
        try (StateDict weights = StateDict.readComponent(folder, variantOrNull, manager, dtype)) {
            loadWeights(weights);
            weights.requireAllUsed();
        }
    }

    /**
     * Fills every parameter with seeded random values following its {@link ParameterInit}, created in
     * {@code manager} with {@code dtype}. Each parameter's values depend only on the seed and its full name, so
     * the result does not depend on declaration order.
     */
    public final void initialize(NDManager manager, DataType dtype, long seed) {
        for (Map.Entry<String, Parameter> entry : parameters().entrySet()) {
            Parameter parameter = entry.getValue();
            Shape shape = parameter.shape();
            float[] values = randomValues(
                    parameter.init(),
                    shape,
                    seed * 0x9E3779B97F4A7C15L + entry.getKey().hashCode());
            // Owned by libtorch, so that views of a parameter stay valid whatever happens to the Java data.
            parameter.set(Scalars.constant(manager, values, shape, dtype));
        }
    }

    private static float[] randomValues(ParameterInit init, Shape shape, long seed) {
        long size = shape.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Parameter too large to initialise: " + shape);
        }
        float[] values = new float[(int) size];
        SplittableRandom random = new SplittableRandom(seed);
        switch (init) {
            case ZEROS:
                break;
            case ONES:
                java.util.Arrays.fill(values, 1f);
                break;
            case FAN_IN_UNIFORM: {
                long fanIn = shape.dimension() == 0 ? 1 : Math.max(1, size / shape.get(0));
                double bound = 1.0 / Math.sqrt(fanIn);
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                break;
            }
            case NORMAL:
                for (int i = 0; i < values.length; i += 2) {
                    // Box-Muller: two independent standard normals per pair of uniforms.
                    double u1 = 1.0 - random.nextDouble();
                    double u2 = random.nextDouble();
                    double r = Math.sqrt(-2 * Math.log(u1));
                    values[i] = (float) (r * Math.cos(2 * Math.PI * u2));
                    if (i + 1 < values.length) {
                        values[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
                    }
                }
                break;
            default:
                throw new IllegalStateException("Unknown init " + init);
        }
        return values;
    }

    private void collectParameters(String prefix, Map<String, Parameter> into) {
        for (Map.Entry<String, Parameter> entry : ownParameters.entrySet()) {
            into.put(prefix + entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, Module> entry : children.entrySet()) {
            entry.getValue().collectParameters(prefix + entry.getKey() + ".", into);
        }
    }

    private void collectModules(String prefix, Map<String, Module> into) {
        for (Map.Entry<String, Module> entry : children.entrySet()) {
            String name = prefix + entry.getKey();
            into.put(name, entry.getValue());
            entry.getValue().collectModules(name + ".", into);
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("Member names must be non-empty path segments without dots: " + name);
        }
    }
}
