package dev.focusnfix.api.testkit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.focusnfix.api.Adapters;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.api.sampling.ConditioningBranch;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A backbone whose denoiser is exact, written in plain DJL, for testing sampling procedures against numbers that can
 * be computed by hand. It differs from the diffusers backbones wherever the contract allows: it predicts
 * <b>v</b>, its schedule is a cosine one over {@link Options#trainSteps()} (4000 by default) training steps with
 * "trailing" timesteps, and its latents are the image's logits ({@link #CHANNELS} channels, no downsampling).
 *
 * <p>The model: under prompt {@code p}, the clean latents are Gaussian, {@code x_0 ~ N(mu(p), s^2 I)} with the
 * per-channel mean {@link #promptMean(String)} and the standard deviation {@link Options#dataStd()}. The denoiser
 * returns the exact posterior velocity for {@code x_t = sqrt(a) x_0 + sqrt(1 - a) eps}: with {@code d = a s^2 + 1 - a}
 * and {@code z = x_t - sqrt(a) mu},
 * <pre>
 *   E[x_0 | x_t] = mu + sqrt(a) s^2 z / d,   E[eps | x_t] = sqrt(1 - a) z / d,
 *   v = sqrt(a) E[eps | x_t] - sqrt(1 - a) E[x_0 | x_t] = sqrt(a (1 - a)) (1 - s^2) z / d - sqrt(1 - a) mu.
 * </pre>
 * The sampler step is deterministic DDIM with an output of any VP prediction type. The decoder is the sigmoid, the
 * encoder its inverse. Adapters are one trainable per-channel offset of the output (zero when attached).
 *
 * <p>A folder is this backbone's when its {@code model_index.json} names {@value #CLASS_NAME};
 * {@link #writeModelFolder(Path)} makes one.
 */
public final class ToyVPredictionBackbone implements DiffusionBackbone<ToyVPredictionBackbone.Options> {

    /** The {@code _class_name} of the folders this backbone opens. */
    public static final String CLASS_NAME = "ToyVPredictionPipeline";

    /** Latent (and image) channels. */
    public static final int CHANNELS = 3;

    /** The share of the quarter circle the cosine schedule covers, so that alpha-bar stays above zero. */
    private static final double SCHEDULE_SPAN = 0.99;

    private static final Pattern CLASS_NAME_ENTRY = Pattern.compile("\"_class_name\"\\s*:\\s*\"" + CLASS_NAME + "\"");

    /**
     * The toy's options.
     *
     * @param trainSteps the number of training timesteps
     * @param dataStd the standard deviation {@code s} of the clean latents around the prompt's mean
     */
    public record Options(
            @DefaultValue("4000") @Range(min = 2) int trainSteps, @DefaultValue("0.5") @Range(min = 0) double dataStd) {

        /** The defaults: 4000 training steps, {@code s = 0.5}. */
        public static Options defaults() {
            return new Options(4000, 0.5);
        }
    }

    @Override
    public String id() {
        return "toy-v-prediction";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "an exact Gaussian denoiser predicting v on a 4000-step cosine schedule (tests only)";
    }

    /** Writes a folder this backbone opens into {@code folder} (created) and returns it. */
    public static Path writeModelFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(
                folder.resolve("model_index.json"),
                "{\"_class_name\": \"" + CLASS_NAME + "\"}\n",
                StandardCharsets.UTF_8);
        return folder;
    }

    @Override
    public boolean canOpen(Path folder) {
        Path index = folder.resolve("model_index.json");
        try {
            return Files.isRegularFile(index)
                    && CLASS_NAME_ENTRY
                            .matcher(Files.readString(index, StandardCharsets.UTF_8))
                            .find();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public DiffusionPipeline open(BackboneSettings settings, Options options, ExtensionContext context)
            throws IOException {
        if (!canOpen(settings.model())) {
            throw new IOException(settings.model() + " is not a " + CLASS_NAME + " folder (model_index.json must name"
                    + " it as _class_name)");
        }
        SamplingSettings defaults =
                settings.sampling() != null ? settings.sampling() : new SamplingSettings(8, 8, 10, 3f, 0f);
        return new Pipeline(options, defaults, context.device());
    }

    /**
     * The mean {@code mu(p)} of the clean latents under prompt {@code p}, one value per channel in [-1, 1]; zero for
     * the empty prompt (the unconditional branch).
     */
    public static double[] promptMean(String prompt) {
        double[] mu = new double[CHANNELS];
        if (prompt.isEmpty()) {
            return mu;
        }
        int h = prompt.hashCode();
        for (int k = 0; k < CHANNELS; k++) {
            mu[k] = ((h >>> (8 * k)) & 0xff) / 255.0 * 2 - 1;
        }
        return mu;
    }

    /** The toy's cosine schedule: {@code alphaBar(t) = cos^2(0.99 pi/2 (t + 1) / T)}, final value 1. */
    public static final class CosineSchedule implements DiffusionSchedule {

        private final int trainSteps;

        /** A schedule over {@code trainSteps} training steps. */
        public CosineSchedule(int trainSteps) {
            this.trainSteps = trainSteps;
        }

        @Override
        public int trainSteps() {
            return trainSteps;
        }

        /** "Trailing" spacing: {@code round(T - i T / steps) - 1}, so the first step starts at {@code T - 1}. */
        @Override
        public int[] timesteps(int steps) {
            if (steps <= 0 || steps > trainSteps) {
                throw new IllegalArgumentException("steps must be in [1, " + trainSteps + "], got " + steps);
            }
            int[] t = new int[steps];
            for (int i = 0; i < steps; i++) {
                t[i] = (int) Math.round(trainSteps - i * (double) trainSteps / steps) - 1;
            }
            return t;
        }

        @Override
        public double alphaBar(int t) {
            if (t < 0) {
                return 1.0;
            }
            if (t >= trainSteps) {
                throw new IllegalArgumentException("timestep " + t + " is outside [0, " + trainSteps + ")");
            }
            double c = Math.cos(SCHEDULE_SPAN * Math.PI / 2 * (t + 1) / trainSteps);
            return c * c;
        }
    }

    /** Encoded prompts: the per-channel means of the negative prompts and of the prompts, {@code [n, C, 1, 1]} each. */
    private static final class MeanConditioning implements Conditioning {

        private final NDManager manager;
        private final Pipeline owner;
        private final NDArray unconditional;
        private final NDArray conditional;

        MeanConditioning(NDManager manager, Pipeline owner, NDArray unconditional, NDArray conditional) {
            this.manager = manager;
            this.owner = owner;
            this.unconditional = unconditional;
            this.conditional = conditional;
        }

        @Override
        public int batchSize() {
            return (int) conditional.getShape().get(0);
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private static final class Pipeline implements DiffusionPipeline {

        private final Options options;
        private final SamplingSettings defaults;
        private final CosineSchedule schedule;
        private final NDManager weights;
        private final ToyAdapters adapters;

        Pipeline(Options options, SamplingSettings defaults, Device device) {
            this.options = options;
            this.defaults = defaults;
            this.schedule = new CosineSchedule(options.trainSteps());
            this.weights = NDManager.newBaseManager(device);
            this.adapters = new ToyAdapters(weights);
        }

        @Override
        public SamplingSettings defaults() {
            return defaults;
        }

        @Override
        public Device device() {
            return weights.getDevice();
        }

        @Override
        public DataType dataType() {
            return DataType.FLOAT32;
        }

        @Override
        public int latentChannels() {
            return CHANNELS;
        }

        @Override
        public int vaeScaleFactor() {
            return 1;
        }

        @Override
        public DiffusionSchedule schedule() {
            return schedule;
        }

        @Override
        public PredictionType predictionType() {
            return PredictionType.V_PREDICTION;
        }

        @Override
        public Conditioning encodePrompts(PromptBatch prompts, NDManager manager) {
            NDManager own = manager.newSubManager();
            return new MeanConditioning(
                    own, this, means(prompts.negativePrompts(), own), means(prompts.prompts(), own));
        }

        private static NDArray means(List<String> prompts, NDManager manager) {
            float[] values = new float[prompts.size() * CHANNELS];
            for (int n = 0; n < prompts.size(); n++) {
                double[] mu = promptMean(prompts.get(n));
                for (int k = 0; k < CHANNELS; k++) {
                    values[n * CHANNELS + k] = (float) mu[k];
                }
            }
            try (NDArray javaBacked = manager.create(values, new Shape(prompts.size(), CHANNELS, 1, 1))) {
                return javaBacked.duplicate();
            }
        }

        /** Standard normal latents from {@link java.util.Random#nextGaussian()} of the seed, in row-major order. */
        @Override
        public NDArray initialLatents(int n, SamplingSettings settings, long seed, NDManager manager) {
            Shape shape = new Shape(n, CHANNELS, settings.height(), settings.width());
            java.util.Random random = new java.util.Random(seed);
            float[] values = new float[(int) shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            try (NDArray javaBacked = manager.create(values, shape)) {
                return javaBacked.duplicate();
            }
        }

        @Override
        public List<ModelOutput> predictBranches(NDArray xt, int t, List<ConditioningBranch> branches) {
            double a = schedule.alphaBar(t);
            double s2 = options.dataStd() * options.dataStd();
            double d = a * s2 + 1 - a;
            double zScale = Math.sqrt(a * (1 - a)) * (1 - s2) / d;
            List<ModelOutput> outputs = new ArrayList<>();
            for (ConditioningBranch branch : branches) {
                NDArray mu = meansOf(branch, xt);
                // v = zScale (x_t - sqrt(a) mu) - sqrt(1 - a) mu, one unbatched call per branch: it is exact.
                try (NDArray signal = times(mu, Math.sqrt(a));
                        NDArray z = xt.sub(signal);
                        NDArray scaledZ = times(z, zScale);
                        NDArray meanPart = times(mu, Math.sqrt(1 - a))) {
                    NDArray v = scaledZ.sub(meanPart);
                    if (adapters.offset != null) {
                        try (NDArray shift = times(adapters.offset, adapters.scale)) {
                            NDArray shifted = v.add(shift);
                            v.close();
                            v = shifted;
                        }
                    }
                    outputs.add(new ModelOutput(v, PredictionType.V_PREDICTION));
                }
            }
            return outputs;
        }

        private NDArray meansOf(ConditioningBranch branch, NDArray xt) {
            if (!(branch.conditioning() instanceof MeanConditioning c) || c.owner != this) {
                throw new IllegalArgumentException("this pipeline needs conditioning from its own encodePrompts");
            }
            if (c.batchSize() != xt.getShape().get(0)) {
                throw new IllegalArgumentException(c.batchSize() + " encoded prompts for latents " + xt.getShape());
            }
            return branch.branch() == ConditioningBranch.Branch.CONDITIONAL ? c.conditional : c.unconditional;
        }

        @Override
        public NDArray predictOriginal(NDArray xt, ModelOutput output, int t) {
            return output.toSample(xt, t, schedule);
        }

        /** Deterministic DDIM: {@code x_prev = sqrt(a') x0 + sqrt(1 - a') eps}; eta must be 0. */
        @Override
        public NDArray step(NDArray xt, ModelOutput output, int t, int prevT, float eta, NDArray noise) {
            if (eta != 0f) {
                throw new IllegalArgumentException("the toy backbone samples with eta 0 only, got " + eta);
            }
            double aPrev = schedule.alphaBar(prevT);
            try (NDManager scope = xt.getManager().newSubManager()) {
                NDArray x0 = output.toSample(xt, t, schedule);
                NDArray eps = output.toEpsilon(xt, t, schedule);
                // Intermediates go to the scope; an output that is already x_0 or eps stays the caller's.
                for (NDArray part : new NDArray[] {x0, eps}) {
                    if (part != output.value()) {
                        part.attach(scope);
                    }
                }
                NDArray prev = times(x0, Math.sqrt(aPrev)).add(times(eps, Math.sqrt(1 - aPrev)));
                prev.attach(xt.getManager());
                return prev;
            }
        }

        @Override
        public NDArray decode(NDArray latents) {
            return Activation.sigmoid(latents);
        }

        @Override
        public NDArray encode(NDArray images) {
            try (NDArray clipped = images.clip(1e-6, 1 - 1e-6);
                    NDArray ratio = clipped.div(clipped.neg().add(1))) {
                return ratio.log();
            }
        }

        @Override
        public Adapters adapters() {
            return adapters;
        }

        @Override
        public void close() {
            weights.close();
        }
    }

    /** {@code x * value} with the scalar made by libtorch ({@code x.mul(Number)} is not autograd-safe on the CPU). */
    static NDArray times(NDArray x, double value) {
        try (NDArray s = x.getManager().full(new Shape(), (float) value, x.getDataType())) {
            return x.mul(s);
        }
    }

    /** One trainable per-channel offset {@code [1, C, 1, 1]} added to the output, times the scale. */
    private static final class ToyAdapters implements Adapters {

        private final NDManager manager;
        private NDArray offset;
        private float scale = 1f;

        ToyAdapters(NDManager manager) {
            this.manager = manager;
        }

        @Override
        public void attach(LoraSpec spec, long seed) {
            offset = manager.zeros(new Shape(1, CHANNELS, 1, 1));
            offset.setRequiresGradient(true);
        }

        @Override
        public Map<String, NDArray> trainable() {
            return offset == null ? Map.of() : Map.of("toy.output_offset", offset);
        }

        @Override
        public void setScale(float newScale) {
            scale = newScale;
        }

        @Override
        public float scale() {
            return scale;
        }

        @Override
        public void save(Path file) {
            throw new UnsupportedOperationException("the toy backbone's adapters cannot be saved");
        }

        @Override
        public void load(Path file, float newScale) {
            throw new UnsupportedOperationException("the toy backbone's adapters cannot be loaded");
        }
    }
}
