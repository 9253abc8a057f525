package dev.focusnfix.nn.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.PredictionType;
import dev.focusnfix.api.tensor.Scalars;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The DDIM sampler (Song et al. 2021) with the semantics of diffusers 0.25 {@code DDIMScheduler}. It is stateless:
 * {@link #timesteps(int)} gives the schedule of a run, and each {@link #step} is told the current and the previous
 * timestep. All tensor work is NDArray arithmetic with scalar coefficients, so gradients flow through the model output
 * and {@code xT} when the caller records them. As the plugin API's {@link DiffusionSchedule} it is a pipeline's
 * schedule, with diffusers' previous timestep {@code t - trainSteps / steps}.
 *
 * <p>One step, with {@code a = alphaBar(t)}, {@code aPrev = alphaBar(prevT)} ({@code prevT < 0}: the final value):
 * <pre>
 *   x0    = (xT - sqrt(1 - a) * eps) / sqrt(a)            (epsilon; v and sample predictions convert)
 *   sigma = eta * sqrt((1 - aPrev) / (1 - a) * (1 - a / aPrev))
 *   xPrev = sqrt(aPrev) * x0 + sqrt(1 - aPrev - sigma^2) * eps + sigma * noise
 * </pre>
 */
public final class DdimScheduler implements DiffusionSchedule {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;

    private DdimScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = NoiseSchedule.of(config);
    }

    /** Builds DDIM from a parsed config. */
    public static DdimScheduler fromConfig(SchedulerConfig config) {
        return new DdimScheduler(config);
    }

    /** Builds DDIM from a {@code scheduler_config.json} file or the folder holding it. */
    public static DdimScheduler fromConfig(Path configFileOrFolder) throws IOException {
        return new DdimScheduler(SchedulerConfig.read(configFileOrFolder));
    }

    public SchedulerConfig config() {
        return config;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** Number of training timesteps. */
    public int numTrainTimesteps() {
        return config.numTrainTimesteps();
    }

    /** Number of training timesteps, as {@link DiffusionSchedule} names it. */
    @Override
    public int trainSteps() {
        return config.numTrainTimesteps();
    }

    /**
     * The inference timesteps of a run of {@code steps} steps, largest first, as diffusers' {@code set_timesteps}
     * places them (the configured spacing; {@code steps_offset} applies to "leading" only).
     */
    @Override
    public int[] timesteps(int steps) {
        int n = config.numTrainTimesteps();
        if (steps <= 0 || steps > n) {
            throw new InvalidInputException("number of inference steps must be in [1, " + n + "], got " + steps);
        }
        switch (config.timestepSpacing()) {
            case LEADING -> {
                int ratio = n / steps;
                int[] t = new int[steps];
                for (int i = 0; i < steps; i++) {
                    t[i] = (steps - 1 - i) * ratio + config.stepsOffset();
                }
                return t;
            }
            case TRAILING -> {
                // numpy.arange(n, 0, -n/steps): length ceil(n / ratio), values n + i * delta; then round, minus 1.
                double ratio = n / (double) steps;
                double delta = (n - ratio) - n;
                int count = (int) Math.ceil(n / ratio);
                int[] t = new int[count];
                for (int i = 0; i < count; i++) {
                    t[i] = (int) Math.rint(n + i * delta) - 1;
                }
                return t;
            }
            case LINSPACE -> {
                // numpy.linspace(0, n - 1, steps), rounded half to even, reversed.
                int[] t = new int[steps];
                double spacing = steps == 1 ? 0 : (n - 1) / (double) (steps - 1);
                for (int i = 0; i < steps; i++) {
                    double value = i == steps - 1 && steps > 1 ? n - 1 : i * spacing;
                    t[steps - 1 - i] = (int) Math.rint(value);
                }
                return t;
            }
            default -> throw new IllegalStateException(config.timestepSpacing().toString());
        }
    }

    /** The previous timestep diffusers uses in a run of {@code steps} steps: {@code t - n / steps} (may be negative). */
    @Override
    public int previousTimestep(int t, int steps) {
        return t - config.numTrainTimesteps() / steps;
    }

    /** alphaBar_t; for {@code t < 0} the final value (1 with set_alpha_to_one, else alphaBar_0). */
    @Override
    public double alphaBar(int t) {
        return schedule.alphaBar(t);
    }

    /** The DDPM posterior variance between t and prevT: {@code (1 - aPrev) / (1 - a) * (1 - a / aPrev)}. */
    public double variance(int t, int prevT) {
        double a = alphaBar(t);
        double aPrev = alphaBar(prevT);
        return (1 - aPrev) / (1 - a) * (1 - a / aPrev);
    }

    /** The predicted clean sample x0 from the model output at t (clipped when the config says clip_sample). */
    public NDArray predictX0(NDArray modelOutput, int t, NDArray xT) {
        return predictX0(modelOutput, config.predictionType(), t, xT);
    }

    /** {@link #predictX0(NDArray, int, NDArray)} for an output of the given type, whatever the config says. */
    public NDArray predictX0(NDArray modelOutput, PredictionType type, int t, NDArray xT) {
        double a = alphaBar(t);
        NDArray x0 =
                switch (type) {
                    case EPSILON -> Scalars.div(xT.sub(Scalars.mul(modelOutput, Math.sqrt(1 - a))), Math.sqrt(a));
                    case V_PREDICTION -> Scalars.mul(xT, Math.sqrt(a)).sub(Scalars.mul(modelOutput, Math.sqrt(1 - a)));
                    case SAMPLE -> modelOutput;
                    case FLOW_VELOCITY -> throw flowVelocity();
                };
        if (config.clipSample()) {
            double r = config.clipSampleRange();
            x0 = x0.clip(-r, r);
        }
        return x0;
    }

    /** The predicted noise from the model output at t (not affected by clipping, as in diffusers). */
    public NDArray predictEps(NDArray modelOutput, int t, NDArray xT) {
        return predictEps(modelOutput, config.predictionType(), t, xT);
    }

    /** {@link #predictEps(NDArray, int, NDArray)} for an output of the given type, whatever the config says. */
    public NDArray predictEps(NDArray modelOutput, PredictionType type, int t, NDArray xT) {
        double a = alphaBar(t);
        return switch (type) {
            case EPSILON -> modelOutput;
            case V_PREDICTION -> Scalars.mul(modelOutput, Math.sqrt(a)).add(Scalars.mul(xT, Math.sqrt(1 - a)));
            case SAMPLE -> Scalars.div(xT.sub(Scalars.mul(modelOutput, Math.sqrt(a))), Math.sqrt(1 - a));
            case FLOW_VELOCITY -> throw flowVelocity();
        };
    }

    private static UnsupportedOperationException flowVelocity() {
        return new UnsupportedOperationException(
                "DDIM cannot step with a flow-matching velocity; such a model" + " needs a flow-matching sampler");
    }

    /** The deterministic DDIM step (eta = 0): x_{prevT} from x_t. */
    public NDArray step(NDArray modelOutput, int t, int prevT, NDArray xT) {
        return step(modelOutput, t, prevT, xT, 0.0, null).prevSample();
    }

    /**
     * One DDIM step with stochasticity {@code eta} (0: DDIM, 1: DDPM-like); {@code varianceNoise} is standard normal
     * noise of xT's shape, supplied by the caller so that randomness stays under its control (unused when eta is 0).
     */
    public Step step(NDArray modelOutput, int t, int prevT, NDArray xT, double eta, NDArray varianceNoise) {
        return step(modelOutput, config.predictionType(), t, prevT, xT, eta, varianceNoise);
    }

    /** {@link #step(NDArray, int, int, NDArray, double, NDArray)} for an output of the given type. */
    public Step step(
            NDArray modelOutput, PredictionType type, int t, int prevT, NDArray xT, double eta, NDArray varianceNoise) {
        if (prevT >= t) {
            throw new IllegalArgumentException("previous timestep " + prevT + " must be below the current " + t);
        }
        if (eta < 0) {
            throw new IllegalArgumentException("eta must be >= 0, got " + eta);
        }
        double aPrev = alphaBar(prevT);
        NDArray x0 = predictX0(modelOutput, type, t, xT);
        NDArray eps = predictEps(modelOutput, type, t, xT);
        double sigma = eta * Math.sqrt(variance(t, prevT));
        // max(0, .) guards against a tiny negative from rounding when eta = 1.
        double direction = Math.sqrt(Math.max(0.0, 1 - aPrev - sigma * sigma));
        NDArray prev = Scalars.mul(x0, Math.sqrt(aPrev)).add(Scalars.mul(eps, direction));
        if (eta > 0) {
            if (varianceNoise == null) {
                throw new IllegalArgumentException("eta > 0 needs varianceNoise (standard normal, shape of xT)");
            }
            prev = prev.add(Scalars.mul(varianceNoise, sigma));
        }
        return new Step(prev, x0);
    }

    /** Forward diffusion to timestep t: {@code sqrt(a) * x0 + sqrt(1 - a) * noise}. */
    public NDArray addNoise(NDArray x0, NDArray noise, int t) {
        double a = alphaBar(t);
        return Scalars.mul(x0, Math.sqrt(a)).add(Scalars.mul(noise, Math.sqrt(1 - a)));
    }

    /** Forward diffusion with one timestep per batch row (axis 0). */
    public NDArray addNoise(NDArray x0, NDArray noise, int[] t) {
        try (NDArray signal = perRow(x0, t, false);
                NDArray noiseScale = perRow(x0, t, true)) {
            return x0.mul(signal).add(noise.mul(noiseScale));
        }
    }

    /** The v-prediction target {@code sqrt(a) * noise - sqrt(1 - a) * x0}. */
    public NDArray velocity(NDArray x0, NDArray noise, int t) {
        double a = alphaBar(t);
        return Scalars.mul(noise, Math.sqrt(a)).sub(Scalars.mul(x0, Math.sqrt(1 - a)));
    }

    private NDArray perRow(NDArray like, int[] t, boolean noisePart) {
        long rows = like.getShape().get(0);
        if (t.length != rows) {
            throw new IllegalArgumentException(t.length + " timesteps for a batch of " + rows);
        }
        float[] values = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            double a = alphaBar(t[i]);
            values[i] = (float) Math.sqrt(noisePart ? 1 - a : a);
        }
        long[] shape = new long[like.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = rows;
        NDArray scales = Scalars.constant(like.getManager(), values, new Shape(shape), like.getDataType());
        if (scales.getDevice().equals(like.getDevice())) {
            return scales;
        }
        NDArray moved = scales.toDevice(like.getDevice(), false);
        scales.close();
        return moved;
    }

    /**
     * The result of a step.
     *
     * @param prevSample x at the previous timestep
     * @param predX0     the predicted clean sample at the current timestep
     */
    public record Step(NDArray prevSample, NDArray predX0) {}
}
