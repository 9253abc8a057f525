package dev.focusnfix.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.GuidedSampler;
import dev.focusnfix.api.NamedExtension;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.ConfigNode;
import dev.focusnfix.core.config.ConfigScalar;
import dev.focusnfix.core.config.Location;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.core.experiment.ComputeTarget;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.ExtensionRegistry;
import dev.focusnfix.core.plugin.RegisteredExtension;
import dev.focusnfix.core.run.RunContext;
import dev.focusnfix.core.run.RunTuningContext;
import dev.focusnfix.nn.io.Png;
import dev.focusnfix.nn.pipeline.ModelIndex;
import dev.focusnfix.nn.pipeline.Sampler;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code framework generate}: text-to-image sampling with a backbone, optional LoRA adapters, PNGs out. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate images from prompts with a diffusers pipeline folder (DDIM, classifier-free guidance).")
public final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    private FrameworkCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Pipeline folder (model_index.json).")
    private Path model;

    @Option(
            names = "--backbone",
            paramLabel = "ID",
            description = "Backbone plugin id (default: the installed backbone that claims the folder).")
    private String backbone;

    @Option(
            names = "--prompt",
            required = true,
            paramLabel = "TEXT",
            description = "A prompt; repeat for a batch (one image each).")
    private List<String> prompts;

    @Option(
            names = "--negative-prompt",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "Negative prompt for every image (default: empty).")
    private String negativePrompt;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the initial latents (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--steps", description = "DDIM steps (default: 50).")
    private Integer steps;

    @Option(names = "--guidance", description = "Guidance scale (default: the pipeline's).")
    private Float guidance;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM eta (default: ${DEFAULT-VALUE}).")
    private float eta;

    @Option(names = "--height", description = "Image height (default: the model's).")
    private Integer height;

    @Option(names = "--width", description = "Image width (default: the model's).")
    private Integer width;

    @Option(
            names = "--lora",
            paramLabel = "FILE[:SCALE]",
            description = "LoRA adapter in PEFT or kohya safetensors format, with an optional scale (repeatable).")
    private List<String> loras = new ArrayList<>();

    @Option(
            names = "--init-latents",
            paramLabel = "FILE",
            description = "Start from the tensor 'latents' of a safetensors file instead of the seed.")
    private Path initLatents;

    @Option(names = "--save-latents", paramLabel = "FILE", description = "Write the final latents ('latents').")
    private Path saveLatents;

    @Option(
            names = "--sld",
            paramLabel = "PRESET|KEY=VALUE,...",
            description = "Sample with Safe Latent Diffusion (the sld plugin): a preset (weak, medium, strong, max) "
                    + "and/or comma-separated parameters guidance-scale, warmup-steps, threshold, momentum-scale, "
                    + "mom-beta (values given replace the preset's; no preset: medium's values fill the rest).")
    private String sld;

    @Option(
            names = "--safety-concept",
            paramLabel = "TEXT",
            description = "The concept --sld steers away from (default: diffusers' safety concept).")
    private String safetyConcept;

    @picocli.CommandLine.Mixin
    private DeviceOptions deviceOptions;

    @Option(
            names = "--kernels",
            defaultValue = "auto",
            description = "Attention/GroupNorm kernels: auto (fused where they load), fused, composed "
                    + "(default: ${DEFAULT-VALUE}).")
    private String kernels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the PNG files.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(model.resolve(ModelIndex.FILE))) {
            throw new BadInputException(
                    "--model " + model + " has no " + ModelIndex.FILE + "; point it at a diffusers pipeline folder");
        }
        if (safetyConcept != null && sld == null) {
            throw new BadInputException("--safety-concept is the concept of Safe Latent Diffusion; add --sld PRESET"
                    + " (for example --sld medium)");
        }
        requireFinite("--guidance", guidance);
        requireFinite("--eta", eta);
        ComputeTarget compute = deviceOptions.settings();
        KernelChoice.select(kernels);
        try (FrameworkRuntime runtime = root.startRuntime();
                NDManager manager = NDManager.newBaseManager(compute.device())) {
            RegisteredExtension registered = backboneFor(runtime.host().registry());
            @SuppressWarnings("unchecked")
            DiffusionBackbone<Object> extension = (DiffusionBackbone<Object>) registered.extension();
            Object options = defaultOptions(extension);
            SafeSampling safe = sld == null ? null : safeSampling(runtime.host().registry());
            SamplingSettings requested = height != null || width != null
                    ? new SamplingSettings(
                            height != null ? height : width,
                            width != null ? width : height,
                            steps != null ? steps : 50,
                            guidance != null ? guidance : 7.5f,
                            eta)
                    : null;
            RunContext context =
                    runtime.context(compute, Path.of("").toAbsolutePath(), out.toAbsolutePath(), manager, seed);
            try (DiffusionPipeline pipeline =
                    extension.open(new BackboneSettings(model, requested), options, context)) {
                SamplingSettings d = pipeline.defaults();
                SamplingSettings settings = new SamplingSettings(
                        d.height(),
                        d.width(),
                        steps != null ? steps : d.steps(),
                        guidance != null ? guidance : d.guidance(),
                        eta);
                for (String lora : loras) {
                    loadLora(pipeline, lora);
                }
                GuidedSampler guided = null;
                if (safe != null) {
                    TuningResult result = safe.tuner()
                            .tune(
                                    safe.options(),
                                    context.forTuning(new RunTuningContext.Parts(
                                            pipeline,
                                            null,
                                            null,
                                            List.of(),
                                            settings,
                                            false,
                                            false,
                                            "generate --sld")));
                    guided = ((TuningResult.GuidedSampling) result).sampler();
                }
                generate(pipeline, settings, manager, guided);
            }
        }
        return Main.OK;
    }

    /** {@code --backbone}, or else the one registered backbone that claims the model folder. */
    private RegisteredExtension backboneFor(ExtensionRegistry registry) throws IOException {
        if (backbone != null) {
            return registry.find(ExtensionKind.BACKBONE, backbone)
                    .orElseThrow(() -> new BadInputException("no backbone plugin '" + backbone + "'; "
                            + registry.hint(ExtensionKind.BACKBONE, backbone)));
        }
        List<RegisteredExtension> claimants = registry.all(ExtensionKind.BACKBONE).stream()
                .filter(e -> ((DiffusionBackbone<?>) e.extension()).canOpen(model))
                .toList();
        if (claimants.size() == 1) {
            return claimants.get(0);
        }
        String installed = registry.all(ExtensionKind.BACKBONE).stream()
                .map(RegisteredExtension::id)
                .sorted()
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
        if (claimants.isEmpty()) {
            throw new BadInputException("no installed backbone opens " + model + " (its " + ModelIndex.FILE
                    + " names " + ModelIndex.read(model).className() + "; installed backbones: " + installed
                    + "); install a backbone plugin for it or choose one with --backbone ID");
        }
        throw new BadInputException("several backbones open " + model + ": "
                + claimants.stream()
                        .map(RegisteredExtension::id)
                        .sorted()
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("")
                + "; choose one with --backbone ID");
    }

    /** The {@code sld} tuner and its options from {@code --sld} and {@code --safety-concept}. */
    private record SafeSampling(FineTuner<Object> tuner, Object options) {}

    /**
     * Binds {@code --sld} (a preset name and/or {@code key=value} items, comma-separated; values in YAML syntax)
     * and {@code --safety-concept} to the options of the installed {@code sld} tuner, before any model loads.
     */
    private SafeSampling safeSampling(ExtensionRegistry registry) {
        RegisteredExtension registered = registry.find(ExtensionKind.TUNER, "sld")
                .orElseThrow(() -> new BadInputException(
                        "--sld needs the sld plugin (tuner-sld), which is not installed; put its jar"
                                + " into the plugins folder"));
        @SuppressWarnings("unchecked")
        FineTuner<Object> tuner = (FineTuner<Object>) registered.extension();
        Location at = new Location("--sld " + sld, 0, 0);
        Map<String, ConfigMap.Entry> entries = new LinkedHashMap<>();
        for (String item : sld.split(",")) {
            String part = item.trim();
            int eq = part.indexOf('=');
            String key = eq < 0 ? "preset" : part.substring(0, eq).trim();
            String value = eq < 0 ? part : part.substring(eq + 1).trim();
            if (key.isEmpty() || value.isEmpty()) {
                throw new BadInputException("--sld " + sld + ": '" + part + "' is not a preset or KEY=VALUE; for"
                        + " example --sld medium or --sld guidance-scale=1000,warmup-steps=2");
            }
            ConfigNode node = YamlLoader.parse(value, at.source());
            if (entries.put(key, new ConfigMap.Entry(at, node == null ? new ConfigScalar(null, value, at) : node))
                    != null) {
                throw new BadInputException("--sld " + sld + ": " + key + " is given twice");
            }
        }
        if (safetyConcept != null) {
            Location concept = new Location("--safety-concept", 0, 0);
            entries.put(
                    "safety-concept",
                    new ConfigMap.Entry(concept, new ConfigScalar(safetyConcept, safetyConcept, concept)));
        }
        Object options = ExperimentLoader.binder(Path.of("").toAbsolutePath())
                .bind(new ConfigMap(entries, at), tuner.optionsType(), "");
        return new SafeSampling(tuner, options);
    }

    private void generate(
            DiffusionPipeline pipeline, SamplingSettings settings, NDManager manager, GuidedSampler guided)
            throws IOException {
        PromptBatch batch = new PromptBatch(prompts, Collections.nCopies(prompts.size(), negativePrompt));
        NDArray initialLatents = initLatents != null
                ? readLatents(manager, pipeline, settings)
                : pipeline.initialLatents(prompts.size(), settings, seed, manager);
        NDArray latents;
        try (Conditioning conditioning = pipeline.encodePrompts(batch, manager)) {
            latents = guided != null
                    ? guided.sample(pipeline, conditioning, batch, initialLatents, settings)
                    : Sampler.of(pipeline).sample(conditioning, initialLatents, settings, seed, null);
        }
        if (saveLatents != null) {
            Map<String, String> metadata = new LinkedHashMap<>(Map.of(
                    "prompts",
                    String.join("\n", prompts),
                    "seed",
                    Long.toString(seed),
                    "steps",
                    Integer.toString(settings.steps()),
                    "guidance",
                    Float.toString(settings.guidance())));
            if (guided != null) {
                metadata.put("sld", sld);
                if (safetyConcept != null) {
                    metadata.put("safety_concept", safetyConcept);
                }
            }
            SafetensorsWriter.write(saveLatents, Map.of("latents", latents.toType(DataType.FLOAT32, false)), metadata);
        }
        NDArray images = pipeline.decode(latents);
        Files.createDirectories(out);
        for (int i = 0; i < prompts.size(); i++) {
            Path file = out.resolve(String.format(Locale.ROOT, "%03d-seed%d-%s.png", i, seed, slug(prompts.get(i))));
            Png.write(images.get(i), file);
            spec.commandLine().getOut().println(file);
        }
    }

    private NDArray readLatents(NDManager manager, DiffusionPipeline pipeline, SamplingSettings settings)
            throws IOException {
        if (!Files.isRegularFile(initLatents)) {
            throw new BadInputException("--init-latents " + initLatents + " does not exist");
        }
        try (StateDict file = StateDict.read(initLatents, manager, DataType.FLOAT32)) {
            if (!file.contains("latents")) {
                throw new BadInputException(
                        "--init-latents " + initLatents + " has no tensor 'latents' (it has " + file.keys() + ")");
            }
            NDArray latents = file.get("latents");
            int f = pipeline.vaeScaleFactor();
            long[] expected = {prompts.size(), pipeline.latentChannels(), settings.height() / f, settings.width() / f};
            if (!Arrays.equals(expected, latents.getShape().getShape())) {
                throw new BadInputException("--init-latents: 'latents' has shape " + latents.getShape()
                        + ", expected " + Arrays.toString(expected) + " for " + prompts.size() + " prompt(s) at "
                        + settings.height() + "x" + settings.width());
            }
            return latents.toType(pipeline.dataType(), false);
        }
    }

    private static void loadLora(DiffusionPipeline pipeline, String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        Path file = Path.of(spec);
        float scale = 1f;
        if (colon > 0) {
            try {
                scale = Float.parseFloat(spec.substring(colon + 1));
                file = Path.of(spec.substring(0, colon));
            } catch (NumberFormatException e) {
                file = Path.of(spec);
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--lora " + file + " does not exist");
        }
        requireFinite("--lora " + file + ": the scale", scale);
        pipeline.adapters().load(file, scale);
    }

    /** NaN or infinity would turn every image into noise without an error. */
    private static void requireFinite(String option, Float value) {
        if (value != null && !Float.isFinite(value)) {
            throw new BadInputException(option + " must be a finite number, got " + value);
        }
    }

    private static Object defaultOptions(NamedExtension<?> extension) {
        return ExperimentLoader.binder(Path.of("").toAbsolutePath())
                .bind(ConfigMap.empty(new Location("--backbone defaults", 0, 0)), extension.optionsType(), "backbone");
    }

    static String slug(String prompt) {
        String s = prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.length() > 60 ? s.substring(0, 60) : s.isEmpty() ? "image" : s;
    }
}
