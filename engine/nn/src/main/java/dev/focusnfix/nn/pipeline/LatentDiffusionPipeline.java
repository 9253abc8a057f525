package dev.focusnfix.nn.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.focusnfix.api.Adapters;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.ConditioningBranch;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.kernels.DifferentiableCast;
import dev.focusnfix.nn.sampling.DdimScheduler;
import dev.focusnfix.nn.text.ClipTextConfig;
import dev.focusnfix.nn.text.ClipTextModel;
import dev.focusnfix.nn.text.TextEncoder;
import dev.focusnfix.nn.text.TextEncoders;
import dev.focusnfix.nn.tokenizer.Tokenizer;
import dev.focusnfix.nn.unet.UNet2DConditionModel;
import dev.focusnfix.nn.unet.UNetConfig;
import dev.focusnfix.nn.vae.AutoencoderKL;
import dev.focusnfix.nn.vae.AutoencoderKLConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A text-to-image latent diffusion model loaded from a diffusers pipeline folder: Stable Diffusion v1.x, SDXL and
 * LDM text-to-image ({@link PipelineFamily}), with the components {@code model_index.json} names, a DDIM sampler built
 * from the folder's scheduler config (whatever scheduler it names; its {@code prediction_type} is the pipeline's),
 * batched UNet calls per conditioning branch (classifier-free guidance combines them, see the plugin API) and LoRA
 * adapters on the UNet.
 *
 * <p>Weights live in the pipeline's own manager on the chosen device, converted to the compute dtype (the
 * autoencoder stays float32 under float16 when its config says {@code force_upcast}). Every method computes in a
 * short-lived scope under its input's manager and returns only its result there, so a sampling loop that keeps only
 * the latents does not grow memory; nothing is detached, so all results are differentiable.
 */
public final class LatentDiffusionPipeline implements DiffusionPipeline {

    private static final int DEFAULT_STEPS = 50;

    private final PipelineFamily family;
    private final NDManager weights;
    private final DataType dtype;
    private final PromptEncoder promptEncoder;
    private final UNet2DConditionModel unet;
    private final AutoencoderKL vae;
    private final DataType vaeDtype;
    private final DdimScheduler scheduler;
    private final SamplingSettings defaults;
    private final LoraAdapters adapters;
    private final List<UnaryOperator<NDArray>> decoderStages;

    private LatentDiffusionPipeline(
            PipelineFamily family,
            NDManager weights,
            DataType dtype,
            PromptEncoder promptEncoder,
            UNet2DConditionModel unet,
            AutoencoderKL vae,
            DataType vaeDtype,
            DdimScheduler scheduler,
            SamplingSettings defaults) {
        this.family = family;
        this.weights = weights;
        this.dtype = dtype;
        this.promptEncoder = promptEncoder;
        this.unet = unet;
        this.vae = vae;
        this.vaeDtype = vaeDtype;
        this.scheduler = scheduler;
        this.defaults = defaults;
        this.adapters = new LoraAdapters(unet, weights);
        this.decoderStages = buildDecoderStages();
    }

    /** {@link #load(Path, PipelineFamily, SamplingSettings, Device, DataType, String)} without a weight variant. */
    public static LatentDiffusionPipeline load(
            Path folder, PipelineFamily family, SamplingSettings defaults, Device device, DataType dtype)
            throws IOException {
        return load(folder, family, defaults, device, dtype, null);
    }

    /**
     * Loads a diffusers pipeline folder.
     *
     * @param folder the folder holding {@code model_index.json}
     * @param family the layout, or null to take it from {@code model_index.json}'s {@code _class_name}
     * @param defaults the sampling settings {@link #defaults()} returns, or null for the diffusers pipeline's
     *     (the UNet's {@code sample_size} times the VAE factor, 50 steps, the family's guidance, eta 0)
     * @param device where the weights and computations live
     * @param dtype the compute dtype of the weights: float32, float16 or float64
     * @param variant a weight variant such as {@code "fp16"} ({@code *.fp16.safetensors}), or null
     */
    public static LatentDiffusionPipeline load(
            Path folder,
            PipelineFamily family,
            SamplingSettings defaults,
            Device device,
            DataType dtype,
            String variant)
            throws IOException {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16 && dtype != DataType.FLOAT64) {
            // DJL 0.35.1's PyTorch JNI has no mapping for bfloat16 and aborts the JVM on any bfloat16 tensor.
            throw new IllegalArgumentException("compute dtype " + dtype + " is not supported (float32, float16,"
                    + " float64; bfloat16 is not available in DJL's PyTorch engine)");
        }
        ModelIndex index = ModelIndex.read(folder);
        PipelineFamily resolved = family != null ? family : PipelineFamily.fromClassName(index.className());
        NDManager weights = NDManager.newBaseManager(device);
        weights.setName("pipeline-weights");
        try {
            PromptEncoder prompts = loadPromptEncoder(resolved, index, variant, weights, dtype);
            UNet2DConditionModel unet = UNet2DConditionModel.load(index.component("unet"), variant, weights, dtype);
            Path vaeFolder = index.component(resolved.autoencoderComponent());
            DataType vaeDtype = vaeDtype(dtype, vaeFolder);
            AutoencoderKL vae = AutoencoderKL.load(vaeFolder, variant, weights, vaeDtype);
            DdimScheduler scheduler = DdimScheduler.fromConfig(index.component("scheduler"));
            SamplingSettings settings = defaults != null
                    ? defaults
                    : familyDefaults(resolved, index, vae.config().downsamplingFactor());
            return new LatentDiffusionPipeline(
                    resolved, weights, dtype, prompts, unet, vae, vaeDtype, scheduler, settings);
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /**
     * A Stable Diffusion pipeline of the architecture a folder describes, with seeded random weights instead of a
     * checkpoint: {@code model_index.json}, each component's {@code config.json}, the tokenizer and the scheduler
     * config are read, no weight file is. For benchmarks at real shapes (SD v1.4 at 512x512) where no checkpoint can
     * be downloaded; the text encoder must be a CLIP text model.
     *
     * @param seed the random weights' seed (each component's own derives from it)
     */
    public static LatentDiffusionPipeline withRandomWeights(
            Path folder, SamplingSettings defaults, Device device, DataType dtype, long seed) throws IOException {
        ModelIndex index = ModelIndex.read(folder);
        PipelineFamily family = PipelineFamily.fromClassName(index.className());
        if (family != PipelineFamily.STABLE_DIFFUSION) {
            throw new IllegalArgumentException(folder + ": random weights are built for Stable Diffusion 1.x/2.x"
                    + " layouts only, not " + index.className());
        }
        NDManager weights = NDManager.newBaseManager(device);
        weights.setName("pipeline-random-weights");
        try {
            ClipTextModel text = new ClipTextModel(
                    ClipTextConfig.read(index.component("text_encoder").resolve("config.json")));
            text.initialize(weights, dtype, seed);
            PromptEncoder prompts =
                    new SingleEncoderPrompts(Tokenizer.load(index.component("tokenizer")), text, device);
            UNet2DConditionModel unet = new UNet2DConditionModel(
                    UNetConfig.read(index.component("unet").resolve("config.json")));
            unet.initialize(weights, dtype, seed + 1);
            Path vaeFolder = index.component("vae");
            DataType vaeDtype = vaeDtype(dtype, vaeFolder);
            AutoencoderKL vae = new AutoencoderKL(AutoencoderKLConfig.read(vaeFolder));
            vae.initialize(weights, vaeDtype, seed + 2);
            DdimScheduler scheduler = DdimScheduler.fromConfig(index.component("scheduler"));
            SamplingSettings settings = defaults != null
                    ? defaults
                    : familyDefaults(family, index, vae.config().downsamplingFactor());
            return new LatentDiffusionPipeline(
                    family, weights, dtype, prompts, unet, vae, vaeDtype, scheduler, settings);
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static PromptEncoder loadPromptEncoder(
            PipelineFamily family, ModelIndex index, String variant, NDManager manager, DataType dtype)
            throws IOException {
        switch (family) {
            case STABLE_DIFFUSION:
                return new SingleEncoderPrompts(
                        Tokenizer.load(index.component("tokenizer")),
                        TextEncoders.load(index.component("text_encoder"), variant, manager, dtype),
                        manager.getDevice());
            case LDM:
                // The LDM pipeline always pads to 77 tokens, whatever the tokenizer config says.
                return new SingleEncoderPrompts(
                        Tokenizer.load(index.component("tokenizer"), 77),
                        TextEncoders.load(index.component("bert"), variant, manager, dtype),
                        manager.getDevice());
            case STABLE_DIFFUSION_XL: {
                List<Tokenizer> tokenizers = new ArrayList<>();
                List<TextEncoder> encoders = new ArrayList<>();
                // The refiner has only the second encoder; the base model has both.
                if (index.components().containsKey("text_encoder")) {
                    tokenizers.add(Tokenizer.load(index.component("tokenizer")));
                    encoders.add(TextEncoders.load(index.component("text_encoder"), variant, manager, dtype));
                }
                tokenizers.add(Tokenizer.load(index.component("tokenizer_2")));
                encoders.add(TextEncoders.load(index.component("text_encoder_2"), variant, manager, dtype));
                return new SdxlPrompts(tokenizers, encoders, index.forceZerosForEmptyPrompt(), manager.getDevice());
            }
            default:
                throw new IllegalStateException(family.toString());
        }
    }

    /** The autoencoder's dtype: float32 under float16 when its config says {@code force_upcast}, else {@code dtype}. */
    private static DataType vaeDtype(DataType dtype, Path vaeFolder) throws IOException {
        return dtype == DataType.FLOAT16 && forceUpcast(vaeFolder) ? DataType.FLOAT32 : dtype;
    }

    /** diffusers' AutoencoderKL {@code force_upcast} (default true): decode in float32 when the model is float16. */
    private static boolean forceUpcast(Path vaeFolder) throws IOException {
        JsonElement value =
                ConfigJson.readObject(vaeFolder.resolve("config.json")).get("force_upcast");
        return value == null || value.isJsonNull() || value.getAsBoolean();
    }

    private static SamplingSettings familyDefaults(PipelineFamily family, ModelIndex index, int factor)
            throws IOException {
        JsonObject unetConfig = ConfigJson.readObject(index.component("unet").resolve("config.json"));
        JsonElement sampleSize = unetConfig.get("sample_size");
        int latentSize = sampleSize == null || !sampleSize.isJsonPrimitive() ? 64 : sampleSize.getAsInt();
        int size = latentSize * factor;
        return new SamplingSettings(size, size, DEFAULT_STEPS, family.defaultGuidance(), 0f);
    }

    /** The layout this pipeline was loaded as. */
    public PipelineFamily family() {
        return family;
    }

    /** The denoiser. */
    public UNet2DConditionModel unet() {
        return unet;
    }

    /** The autoencoder. */
    public AutoencoderKL vae() {
        return vae;
    }

    /** The DDIM sampler built from the folder's scheduler config. */
    public DdimScheduler scheduler() {
        return scheduler;
    }

    /** The compute dtype of the text encoders and the UNet. */
    @Override
    public DataType dataType() {
        return dtype;
    }

    /** The device the weights live on. */
    @Override
    public Device device() {
        return weights.getDevice();
    }

    /** The manager holding the weights (tests check that it does not grow). */
    NDManager weightsManager() {
        return weights;
    }

    @Override
    public SamplingSettings defaults() {
        return defaults;
    }

    @Override
    public int latentChannels() {
        return unet.config().inChannels();
    }

    @Override
    public int vaeScaleFactor() {
        return vae.config().downsamplingFactor();
    }

    @Override
    public Conditioning encodePrompts(PromptBatch prompts, NDManager manager) {
        return promptEncoder.encode(prompts, manager);
    }

    /**
     * Standard normal latents from {@link GaussianNoise} (drawn in Java on the CPU, then copied), so a seed gives the
     * same latents on every device; in the compute dtype.
     */
    @Override
    public NDArray initialLatents(int n, SamplingSettings settings, long seed, NDManager manager) {
        int f = vaeScaleFactor();
        if (n <= 0) {
            throw new IllegalArgumentException("number of latents must be positive, got " + n);
        }
        if (settings.height() % f != 0 || settings.width() % f != 0) {
            throw new InvalidInputException("image size " + settings.height() + "x" + settings.width()
                    + " must be a multiple of the autoencoder factor " + f);
        }
        Shape shape = new Shape(n, latentChannels(), settings.height() / f, settings.width() / f);
        return GaussianNoise.standardNormal(seed, shape, manager, dtype);
    }

    /** The DDIM scheduler, whose previous timestep is diffusers' {@code t - trainSteps / steps}. */
    @Override
    public DiffusionSchedule schedule() {
        return scheduler;
    }

    @Override
    public PredictionType predictionType() {
        return scheduler.config().predictionType();
    }

    /**
     * One UNet call on {@code [x_t; ...; x_t]} (one copy per branch) with the branches' embeddings stacked in the
     * same order, split into one output per branch. An unconditional branch directly followed by the conditional
     * branch of the same prompts uses the stored {@code [uncond; cond]} embeddings as they are. SDXL's size
     * conditioning uses the image size the latents stand for. Each output has {@code xt}'s dtype and manager.
     */
    @Override
    public List<ModelOutput> predictBranches(NDArray xt, int t, List<ConditioningBranch> branches) {
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("a model call needs at least one conditioning branch");
        }
        Shape shape = xt.getShape();
        List<TextConditioning> conditionings = new ArrayList<>();
        for (ConditioningBranch branch : branches) {
            TextConditioning c = textConditioning(branch.conditioning());
            if (shape.dimension() != 4 || shape.get(0) != c.batchSize()) {
                throw new IllegalArgumentException("latents must be [" + c.batchSize() + ", " + latentChannels()
                        + ", h, w] for " + c.batchSize() + " encoded prompt(s), got " + shape);
            }
            conditionings.add(c);
        }
        NDList contexts = new NDList();
        NDList pooled = new NDList();
        for (int i = 0; i < branches.size(); i++) {
            TextConditioning c = conditionings.get(i);
            boolean guidedPair = branches.get(i).branch() == ConditioningBranch.Branch.UNCONDITIONAL
                    && i + 1 < branches.size()
                    && conditionings.get(i + 1) == c
                    && branches.get(i + 1).branch() == ConditioningBranch.Branch.CONDITIONAL;
            if (guidedPair) {
                contexts.add(c.guidedContext());
                pooled.add(c.guidedPooled());
                i++;
            } else if (branches.get(i).branch() == ConditioningBranch.Branch.CONDITIONAL) {
                contexts.add(c.conditionalContext());
                pooled.add(c.conditionalPooled());
            } else {
                contexts.add(c.unconditionalContext());
                pooled.add(c.unconditionalPooled());
            }
        }
        try (TensorScope scope = TensorScope.borrowing(xt)) {
            contexts.forEach(scope::borrow);
            pooled.forEach(scope::borrow);
            NDArray context = contexts.size() == 1 ? contexts.get(0) : NDArrays.concat(contexts, 0);
            NDArray pooledAll =
                    pooled.get(0) == null ? null : pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(pooled, 0);
            NDArray sample = DifferentiableCast.to(xt, dtype);
            int k = branches.size();
            NDArray modelInput = k == 1 ? sample : NDArrays.concat(new NDList(Collections.nCopies(k, sample)), 0);
            long rows = modelInput.getShape().get(0);
            NDArray timesteps = scope.manager().full(new Shape(rows), t, DataType.FLOAT32);
            UNet2DConditionModel.AddedConditions added = null;
            if (unet.config().textTimeAddition()) {
                added = new UNet2DConditionModel.AddedConditions(
                        pooledAll, timeIds(conditionings, shape, scope.manager()));
            }
            NDArray out = unet.forward(modelInput, timesteps, context, added);
            NDList parts = k == 1 ? new NDList(out) : out.split(k, 0);
            List<ModelOutput> outputs = new ArrayList<>(k);
            PredictionType type = predictionType();
            for (NDArray part : parts) {
                NDArray value = DifferentiableCast.to(part, xt.getDataType());
                outputs.add(new ModelOutput(scope.keep(value), type));
            }
            return outputs;
        }
    }

    /** SDXL's time ids, one row per model-input row: each branch's size conditioning for its rows. */
    private NDArray timeIds(List<TextConditioning> branches, Shape latentShape, NDManager manager) {
        int f = vaeScaleFactor();
        int n = (int) latentShape.get(0);
        float[] all = null;
        int width = 0;
        for (int b = 0; b < branches.size(); b++) {
            float[] one = branches.get(b)
                    .sizeConditioning()
                    .timeIds((int) latentShape.get(2) * f, (int) latentShape.get(3) * f);
            if (all == null) {
                width = one.length;
                all = new float[branches.size() * n * width];
            }
            for (int r = 0; r < n; r++) {
                System.arraycopy(one, 0, all, (b * n + r) * width, width);
            }
        }
        return Scalars.constant(manager, all, new Shape((long) branches.size() * n, width), DataType.FLOAT32);
    }

    private static TextConditioning textConditioning(Conditioning conditioning) {
        if (!(conditioning instanceof TextConditioning)) {
            throw new IllegalArgumentException("this pipeline needs conditioning from its own encodePrompts, got "
                    + (conditioning == null ? "null" : conditioning.getClass().getName()));
        }
        return (TextConditioning) conditioning;
    }

    @Override
    public NDArray predictOriginal(NDArray xt, ModelOutput output, int t) {
        try (TensorScope scope = TensorScope.borrowing(xt, output.value())) {
            return scope.keep(scheduler.predictX0(output.value(), output.type(), t, xt));
        }
    }

    /** The DDIM step, reading the output as its type says (an epsilon output steps a v-prediction model too). */
    @Override
    public NDArray step(NDArray xt, ModelOutput output, int t, int prevT, float eta, NDArray noise) {
        try (TensorScope scope = TensorScope.borrowing(xt, output.value(), noise)) {
            return scope.keep(scheduler
                    .step(output.value(), output.type(), t, prevT, xt, eta, noise)
                    .prevSample());
        }
    }

    /**
     * {@code clamp(vae.decode(latents / scaling_factor) / 2 + 0.5, 0, 1)}, in the latents' dtype and manager: the
     * composition of the {@link #decodeStages() stages}, cast back to the latents' dtype.
     */
    @Override
    public NDArray decode(NDArray latents) {
        NDArray h = latents;
        for (UnaryOperator<NDArray> stage : decoderStages) {
            NDArray next = stage.apply(h);
            if (h != latents) {
                h.close();
            }
            h = next;
        }
        if (h.getDataType() != latents.getDataType()) {
            NDArray cast = DifferentiableCast.to(h, latents.getDataType());
            h.close();
            h = cast;
        }
        return h;
    }

    /**
     * The decoder in stages: unscaling (and the cast to the autoencoder's dtype), the autoencoder's own stages (its
     * first block, then every resnet and upsampler, then its output head), the mapping to [0, 1], and the cast to
     * the pipeline's dtype when the autoencoder computes in another. Each stage computes in a scope under its input's
     * manager and returns only its result there.
     */
    @Override
    public List<UnaryOperator<NDArray>> decodeStages() {
        if (vaeDtype == dtype) {
            return decoderStages;
        }
        List<UnaryOperator<NDArray>> stages = new ArrayList<>(decoderStages);
        stages.add(scoped(image -> DifferentiableCast.to(image, dtype)));
        return List.copyOf(stages);
    }

    /** The stages from latents to images in [0, 1] in the autoencoder's dtype. */
    private List<UnaryOperator<NDArray>> buildDecoderStages() {
        List<UnaryOperator<NDArray>> stages = new ArrayList<>();
        stages.add(scoped(latents -> {
            NDArray z = Scalars.div(DifferentiableCast.to(latents, vaeDtype), vae.scalingFactor());
            return vae.config().shiftFactor() != 0 ? z.add(vae.config().shiftFactor()) : z;
        }));
        for (UnaryOperator<NDArray> stage : vae.decodeStages()) {
            stages.add(scoped(stage));
        }
        stages.add(scoped(decoded -> Scalars.mul(decoded, 0.5).add(0.5).clip(0, 1)));
        return List.copyOf(stages);
    }

    /** {@code stage} run in a scope under its input's manager, only its result kept there. */
    private static UnaryOperator<NDArray> scoped(UnaryOperator<NDArray> stage) {
        return input -> {
            try (TensorScope scope = TensorScope.borrowing(input)) {
                return scope.keep(stage.apply(input));
            }
        };
    }

    /** Images [N, 3, H, W] in [0, 1] to the scaled posterior mean, in the images' dtype and manager. */
    @Override
    public NDArray encode(NDArray images) {
        try (TensorScope scope = TensorScope.borrowing(images)) {
            NDArray x = images.getDataType() == vaeDtype ? images : images.toType(vaeDtype, false);
            NDArray mean = vae.encode(Scalars.mul(x, 2).sub(1)).mean();
            NDArray latents = Scalars.mul(mean.sub(vae.config().shiftFactor()), vae.scalingFactor());
            if (latents.getDataType() != images.getDataType()) {
                latents = latents.toType(images.getDataType(), false);
            }
            return scope.keep(latents);
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
