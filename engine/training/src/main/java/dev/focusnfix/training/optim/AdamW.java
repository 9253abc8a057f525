package dev.focusnfix.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.tensor.Scalars;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter; {@code torch.optim.AdamW}) on the trainable adapter tensors only. One
 * {@link #step} with learning rate {@code lr} and gradient {@code g} (the accumulated gradient times
 * {@code gradientScale}) does, per tensor, with {@code t} the number of updates so far including this one:
 *
 * <pre>
 *   w = w * (1 - lr * weightDecay)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   w = w - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
 * </pre>
 *
 * The moments are float32 arrays on the parameters' device, in a manager of the optimizer's own. Updates happen in
 * place, outside any gradient collector, so the parameters stay the same arrays the model uses.
 */
public final class AdamW implements AutoCloseable {

    /**
     * The hyperparameters.
     *
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the denominator
     * @param weightDecay decoupled weight decay
     */
    public record Hyperparameters(double beta1, double beta2, double epsilon, double weightDecay) {

        /** torch's defaults with the given weight decay. */
        public static Hyperparameters withWeightDecay(double weightDecay) {
            return new Hyperparameters(0.9, 0.999, 1e-8, weightDecay);
        }

        /** Checks the values. */
        public Hyperparameters {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam betas must lie in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
            }
        }
    }

    private final Map<String, NDArray> parameters;
    private final Hyperparameters hyper;
    private final NDManager state;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long updates;

    /** An optimizer for {@code parameters} (by name) whose state lives in a sub-manager of {@code manager}. */
    public AdamW(Map<String, NDArray> parameters, Hyperparameters hyper, NDManager manager) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("no parameters to optimise: attach trainable adapters first");
        }
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.hyper = hyper;
        NDArray first = parameters.values().iterator().next();
        this.state = manager.newSubManager(first.getDevice());
        state.setName("adamw-state");
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            firstMoments.put(e.getKey(), state.zeros(e.getValue().getShape(), DataType.FLOAT32));
            secondMoments.put(e.getKey(), state.zeros(e.getValue().getShape(), DataType.FLOAT32));
        }
    }

    /** The hyperparameters. */
    public Hyperparameters hyperparameters() {
        return hyper;
    }

    /** The number of updates applied so far ({@code t} of the bias corrections). */
    public long updates() {
        return updates;
    }

    /** The first moments by parameter name (live arrays: copy what must outlive the next step). */
    public Map<String, NDArray> firstMoments() {
        return Collections.unmodifiableMap(firstMoments);
    }

    /** The second moments by parameter name (live arrays). */
    public Map<String, NDArray> secondMoments() {
        return Collections.unmodifiableMap(secondMoments);
    }

    /**
     * Applies one update from each parameter's accumulated gradient times {@code gradientScale} (the averaging over
     * micro-batches and the clipping factor together).
     */
    public void step(double learningRate, double gradientScale) {
        updates++;
        double biasCorrection1 = 1 - Math.pow(hyper.beta1(), updates);
        double biasCorrection2 = 1 - Math.pow(hyper.beta2(), updates);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray w = e.getValue();
            NDArray m = firstMoments.get(e.getKey());
            NDArray v = secondMoments.get(e.getKey());
            try (NDManager scratch = w.getManager().newSubManager()) {
                NDArray g = AdapterGradients.gradient(w, scratch);
                if (g == null) {
                    continue;
                }
                NDArray scaledG = Scalars.mul(g.toType(DataType.FLOAT32, false), gradientScale);
                if (hyper.weightDecay() != 0) {
                    inPlaceMul(w, 1 - learningRate * hyper.weightDecay(), scratch);
                }
                inPlaceMul(m, hyper.beta1(), scratch);
                m.addi(Scalars.mul(scaledG, 1 - hyper.beta1()));
                inPlaceMul(v, hyper.beta2(), scratch);
                v.addi(Scalars.mul(scaledG.square(), 1 - hyper.beta2()));
                NDArray denominator = Scalars.div(sqrtIn(v, scratch), Math.sqrt(biasCorrection2))
                        .add(hyper.epsilon());
                NDArray update = Scalars.mul(inScratch(m, scratch).div(denominator), learningRate / biasCorrection1);
                w.subi(update.toType(w.getDataType(), false));
            }
        }
    }

    /**
     * Replaces the state with a checkpoint's: the number of updates and both moments (copied into the optimizer's
     * own arrays).
     */
    public void restore(long restoredUpdates, Map<String, NDArray> first, Map<String, NDArray> second) {
        if (!first.keySet().equals(firstMoments.keySet()) || !second.keySet().equals(secondMoments.keySet())) {
            throw new IllegalArgumentException("optimizer state is for other parameters: expected "
                    + firstMoments.keySet() + ", got " + first.keySet());
        }
        for (String key : firstMoments.keySet()) {
            copyInto(firstMoments.get(key), first.get(key), "first moment of " + key);
            copyInto(secondMoments.get(key), second.get(key), "second moment of " + key);
        }
        updates = restoredUpdates;
    }

    /** Copies {@code source}'s values into {@code target} in place (shapes must match). */
    public static void copyInto(NDArray target, NDArray source, String what) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException(
                    what + ": shape " + source.getShape() + " does not match " + target.getShape());
        }
        try (NDManager scratch = target.getManager().newSubManager(target.getDevice())) {
            NDArray values = source.toType(target.getDataType(), true).toDevice(target.getDevice(), false);
            values.attach(scratch);
            target.set(new NDIndex("..."), values);
        }
    }

    private static void inPlaceMul(NDArray target, double factor, NDManager scratch) {
        NDArray s = Scalars.scalar(target, factor);
        s.attach(scratch);
        target.muli(s);
    }

    private static NDArray sqrtIn(NDArray v, NDManager scratch) {
        NDArray root = v.sqrt();
        root.attach(scratch);
        return root;
    }

    /** A borrowed view of a state array whose operation results land in {@code scratch}. */
    private static NDArray inScratch(NDArray array, NDManager scratch) {
        array.tempAttach(scratch);
        return array;
    }

    @Override
    public void close() {
        state.close();
    }
}
