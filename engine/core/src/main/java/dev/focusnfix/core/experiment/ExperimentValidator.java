package dev.focusnfix.core.experiment;

import ai.djl.engine.Engine;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.core.config.ConfigErrors;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.ConfigNode;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.Overrides;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.ExtensionRegistry;
import dev.focusnfix.core.plugin.RegisteredExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Checks an experiment against the installed extensions without loading any model: every plugin id exists, every
 * plugin's options bind to its options type, the reward offers what the tuner and region function need (a gradient,
 * a heatmap), the model folder exists, and the device and data type work together on this machine (resolved here,
 * once: the run uses the {@link ComputeTarget} of the validated experiment).
 */
public final class ExperimentValidator {

    private final ExtensionRegistry registry;
    private final Function<Experiment, ModelLocator> locators;
    private final IntSupplier visibleGpus;

    /** A validator for the extensions in {@code registry}, resolving devices against the engine's visible GPUs. */
    public ExperimentValidator(ExtensionRegistry registry, ModelLocator models) {
        this(registry, models, () -> Engine.getInstance().getGpuCount());
    }

    /** A validator that resolves {@code device: auto} and {@code gpu:N} against {@code visibleGpus}. */
    public ExperimentValidator(ExtensionRegistry registry, ModelLocator models, IntSupplier visibleGpus) {
        this(registry, visibleGpus, experiment -> models);
    }

    private ExperimentValidator(
            ExtensionRegistry registry, IntSupplier visibleGpus, Function<Experiment, ModelLocator> locators) {
        this.registry = registry;
        this.locators = locators;
        this.visibleGpus = visibleGpus;
    }

    /**
     * A validator whose model references resolve with each experiment's own locator ({@code backbone:} needs the
     * experiment's backbone folder).
     */
    public static ExperimentValidator withLocators(
            ExtensionRegistry registry, Function<Experiment, ModelLocator> locators, IntSupplier visibleGpus) {
        return new ExperimentValidator(registry, visibleGpus, locators);
    }

    /**
     * Validates; every problem found is reported in one {@link ConfigException} (a {@link ConfigErrors} when there
     * are several), each naming its place in the file, sorted by position.
     */
    public ValidatedExperiment validate(Experiment experiment) {
        List<ConfigException> errors = new ArrayList<>();
        ExperimentSpec spec = experiment.spec();
        OptionsBinder binder = ExperimentLoader.binder(experiment.baseDirectory());
        attempt(errors, () -> {
            RunFolderPolicy.checkOutput(spec.output(), at(experiment, "output"));
            return experiment.runDirectory();
        });
        BoundExtension backbone = attempt(
                errors,
                () -> bind(binder, ExtensionKind.BACKBONE, spec.backbone().component(), experiment));
        BoundExtension reward = attempt(errors, () -> bind(binder, ExtensionKind.REWARD, spec.reward(), experiment));
        Optional<BoundExtension> region = spec.region().isPresent()
                ? Optional.ofNullable(attempt(
                        errors,
                        () -> bind(binder, ExtensionKind.REGION, spec.region().get(), experiment)))
                : reward == null ? Optional.empty() : defaultRegion(binder, reward, experiment);
        BoundExtension tuner = attempt(errors, () -> bind(binder, ExtensionKind.TUNER, spec.tuner(), experiment));
        List<BoundExtension> evaluationRewards = new ArrayList<>();
        for (ComponentSection section : spec.evaluation().rewards()) {
            evaluationRewards.add(attempt(errors, () -> bind(binder, ExtensionKind.REWARD, section, experiment)));
        }
        java.util.Map<String, BoundExtension> probeRewards = new java.util.LinkedHashMap<>();
        java.util.Set<String> probeNames = new java.util.HashSet<>();
        for (EvaluationSection.Probe probe : spec.evaluation().probes()) {
            if (!probeNames.add(probe.name())) {
                errors.add(new ConfigException(
                        experiment.tree().location(),
                        "evaluation.probes",
                        "two probes are named '" + probe.name() + "'; give each a distinct name"));
            }
            probe.reward()
                    .ifPresent(r -> probeRewards.put(
                            probe.name(), attempt(errors, () -> bind(binder, ExtensionKind.REWARD, r, experiment))));
        }
        if (reward != null && tuner != null) {
            attempt(errors, () -> {
                checkCompatible(experiment, reward, region, tuner);
                return null;
            });
        }
        if (tuner != null && spec.training().onSpark()) {
            attempt(errors, () -> {
                checkDataParallel(experiment, tuner);
                return null;
            });
        }
        Path modelPath = attempt(errors, () -> resolveModel(experiment));
        ComputeTarget compute = attempt(errors, () -> resolveCompute(experiment));
        if (!errors.isEmpty()) {
            throw ConfigErrors.of(errors);
        }
        return new ValidatedExperiment(
                experiment, modelPath, backbone, reward, region, tuner, evaluationRewards, probeRewards, compute);
    }

    /**
     * Loads an experiment file with {@code --set} overrides and validates it. When the framework's part of the file
     * does not bind, the plugin sections are still checked, so that one pass reports every problem.
     */
    public ValidatedExperiment validate(Path file, List<String> overrides) {
        Path absolute = file.toAbsolutePath().normalize();
        ConfigMap tree = Overrides.apply(YamlLoader.load(absolute), overrides);
        Experiment experiment;
        try {
            experiment = ExperimentLoader.fromTree(tree, absolute, absolute.getParent());
        } catch (ConfigException e) {
            List<ConfigException> all = new ArrayList<>(ConfigErrors.each(e));
            all.addAll(checkPluginSections(tree, absolute.getParent()));
            throw ConfigErrors.of(all);
        }
        return validate(experiment);
    }

    /**
     * The problems of the plugin sections of a tree whose framework part did not bind (so that {@code validate}
     * reports them in the same pass): each section that names a known extension has its options bound.
     */
    public List<ConfigException> checkPluginSections(ConfigMap tree, Path baseDirectory) {
        List<ConfigException> errors = new ArrayList<>();
        OptionsBinder binder = ExperimentLoader.binder(baseDirectory);
        String[][] sections = {{"backbone", "BACKBONE"}, {"reward", "REWARD"}, {"region", "REGION"}, {"tuner", "TUNER"}
        };
        for (String[] s : sections) {
            ConfigNode node = tree.get(s[0]);
            if (node == null) {
                continue;
            }
            ExtensionKind kind = ExtensionKind.valueOf(s[1]);
            attempt(errors, () -> {
                ComponentSection section = ComponentSection.read(
                        node, s[0], kind == ExtensionKind.BACKBONE ? BackboneSection.COMMON_KEYS : java.util.Set.of());
                return bindOptions(binder, kind, section);
            });
        }
        return errors;
    }

    private void checkCompatible(
            Experiment experiment, BoundExtension reward, Optional<BoundExtension> region, BoundExtension tuner) {
        RewardModel<Object> rewardModel = typed(reward, RewardModel.class);
        boolean differentiable = rewardModel.isDifferentiable(reward.options());
        FineTuner<Object> fineTuner = typed(tuner, FineTuner.class);
        if (fineTuner.needsRewardGradient(tuner.options()) && !differentiable) {
            throw new ConfigException(
                    at(experiment, "reward.plugin"),
                    "reward",
                    "reward '" + reward.id() + "' is not differentiable with these options, but tuner '"
                            + tuner.id() + "' back-propagates through the reward; use a differentiable model (for "
                            + "example TorchScript instead of ONNX) or a tuner that needs no gradient");
        }
        region.ifPresent(r -> {
            RegionFunction<Object> fn = typed(r, RegionFunction.class);
            if (fn.needsRewardGradient(r.options()) && !differentiable) {
                throw new ConfigException(
                        at(experiment, "region.plugin"),
                        "region",
                        "region function '" + r.id() + "' differentiates the reward, but reward '" + reward.id()
                                + "' is not differentiable with these options; use 'occlusion' saliency instead");
            }
            if (fn.needsRewardHeatmap(r.options()) && !rewardModel.providesHeatmap(reward.options())) {
                throw new ConfigException(
                        at(experiment, "region.plugin"),
                        "region",
                        "region function '" + r.id() + "' reads the reward's heatmap, but reward '" + reward.id()
                                + "' provides none; use 'saliency' or 'occlusion' instead");
            }
        });
    }

    /**
     * Data-parallel training ({@code training.engine: spark}) needs a tuner that supports it with these options, and
     * deterministic sampling: stochastic DDIM's noise is drawn per micro-batch, so a worker's share would get other
     * noise than the same samples in one process.
     */
    private static void checkDataParallel(Experiment experiment, BoundExtension tuner) {
        int workers = experiment.spec().training().workers();
        FineTuner<Object> fineTuner = typed(tuner, FineTuner.class);
        java.util.Optional<String> problem = fineTuner.dataParallelProblem(tuner.options(), workers);
        if (problem.isPresent()) {
            throw new ConfigException(
                    at(experiment, "training"),
                    "training",
                    "tuner '" + tuner.id() + "' cannot train data-parallel on " + workers + " workers: " + problem.get()
                            + " (or train in one process: training.engine: local)");
        }
        float eta = experiment.spec().backbone().common().eta();
        if (eta > 0) {
            throw new ConfigException(
                    at(experiment, "backbone.eta"),
                    "backbone.eta",
                    "training.engine: spark needs deterministic sampling (backbone.eta 0, got " + eta + "): stochastic"
                            + " DDIM draws its noise per micro-batch, so a worker's share of a batch would get other"
                            + " noise than in one process; set eta: 0 or training.engine: local");
        }
    }

    /** Runs one check, collecting its problems; null when it failed. */
    private static <T> T attempt(List<ConfigException> errors, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (ConfigException e) {
            errors.addAll(ConfigErrors.each(e));
            return null;
        }
    }

    /** The device and data type, checked last so that a missing checkpoint is reported first. */
    private ComputeTarget resolveCompute(Experiment experiment) {
        ExperimentSpec spec = experiment.spec();
        if (spec.device().gpuIndex() != null && spec.device().gpuIndex() < 0 && spec.dtype() == Precision.FLOAT32) {
            return ComputeTarget.cpuFloat32(); // nothing to ask the engine
        }
        try {
            return ComputeTarget.resolve(spec.device(), spec.dtype(), visibleGpus);
        } catch (ComputeTarget.InvalidComputeException e) {
            String key = e.setting() == ComputeTarget.InvalidComputeException.Setting.DEVICE ? "device" : "dtype";
            throw new ConfigException(at(experiment, key), key, e.getMessage());
        }
    }

    /** The reward's default region function with default options, when it is installed. */
    private Optional<BoundExtension> defaultRegion(OptionsBinder binder, BoundExtension reward, Experiment experiment) {
        RewardModel<Object> model = typed(reward, RewardModel.class);
        String id = model.defaultRegionFunction(reward.options());
        if (registry.find(ExtensionKind.REGION, id).isEmpty()) {
            return Optional.empty();
        }
        ConfigMap none = ConfigMap.empty(experiment.tree().location());
        return Optional.of(bind(
                binder,
                ExtensionKind.REGION,
                new ComponentSection(id, none, "region", experiment.tree().location()),
                experiment));
    }

    private Path resolveModel(Experiment experiment) {
        String reference = experiment.spec().backbone().common().model();
        Path path;
        try {
            path = locators.apply(experiment).resolve(reference);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at(experiment, "backbone.model"), "backbone.model", e.getMessage());
        }
        if (Files.isDirectory(path) && !Files.exists(path.resolve("model_index.json"))) {
            throw new ConfigException(
                    at(experiment, "backbone.model"),
                    "backbone.model",
                    path + " has no model_index.json; point it at a pipeline folder in the diffusers layout");
        }
        return path;
    }

    private BoundExtension bind(
            OptionsBinder binder, ExtensionKind kind, ComponentSection section, Experiment experiment) {
        RegisteredExtension registered = registered(kind, section);
        Object options = bindOptions(binder, kind, section);
        @SuppressWarnings("unchecked")
        dev.focusnfix.api.NamedExtension<Object> extension =
                (dev.focusnfix.api.NamedExtension<Object>) registered.extension();
        for (String reference : extension.modelReferences(options)) {
            try {
                locators.apply(experiment).resolve(reference);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(section.location(), section.path(), e.getMessage());
            }
        }
        return new BoundExtension(registered, options, section);
    }

    private RegisteredExtension registered(ExtensionKind kind, ComponentSection section) {
        registry.conflict(kind, section.plugin()).ifPresent(conflict -> {
            throw new ConfigException(section.location(), section.path() + ".plugin", conflict.getMessage());
        });
        return registry.find(kind, section.plugin())
                .orElseThrow(() -> new ConfigException(
                        section.location(),
                        section.path() + ".plugin",
                        "unknown " + kind.section() + " plugin '" + section.plugin() + "'; "
                                + registry.hint(kind, section.plugin())));
    }

    /** Binds a section's plugin options; a backbone's misspelt key is also matched against the common keys. */
    private Object bindOptions(OptionsBinder binder, ExtensionKind kind, ComponentSection section) {
        Class<?> type = registered(kind, section).extension().optionsType();
        return kind == ExtensionKind.BACKBONE
                ? binder.bindBeside(section.options(), type, section.path(), BackboneSection.COMMON_KEYS)
                : binder.bind(section.options(), type, section.path());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> T typed(BoundExtension bound, Class raw) {
        return (T) raw.cast(bound.registered().extension());
    }

    private static dev.focusnfix.core.config.Location at(Experiment experiment, String path) {
        ConfigNode node = experiment.node(path);
        return node == null ? experiment.tree().location() : node.location();
    }
}
