package dev.focusnfix.core.experiment;

import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RewardModel;
import ai.djl.engine.Engine;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.ConfigNode;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.ExtensionRegistry;
import dev.focusnfix.core.plugin.RegisteredExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Checks an experiment against the installed extensions without loading any model: every plugin id exists, every
 * plugin's options bind to its options type, the reward offers what the tuner and region function need (a gradient,
 * a heatmap), the model folder exists, and the device and data type work together on this machine (resolved here,
 * once: the run uses the {@link ComputeTarget} of the validated experiment).
 */
public final class ExperimentValidator {

    private final ExtensionRegistry registry;
    private final ModelLocator models;
    private final IntSupplier visibleGpus;

    /** A validator for the extensions in {@code registry}, resolving devices against the engine's visible GPUs. */
    public ExperimentValidator(ExtensionRegistry registry, ModelLocator models) {
        this(registry, models, () -> Engine.getInstance().getGpuCount());
    }

    /** A validator that resolves {@code device: auto} and {@code gpu:N} against {@code visibleGpus}. */
    public ExperimentValidator(ExtensionRegistry registry, ModelLocator models, IntSupplier visibleGpus) {
        this.registry = registry;
        this.models = models;
        this.visibleGpus = visibleGpus;
    }

    /** Validates; every problem is a {@link ConfigException} naming the place in the file. */
    public ValidatedExperiment validate(Experiment experiment) {
        ExperimentSpec spec = experiment.spec();
        OptionsBinder binder = ExperimentLoader.binder(experiment.baseDirectory());
        BoundExtension backbone = bind(binder, ExtensionKind.BACKBONE, spec.backbone().component(), experiment);
        BoundExtension reward = bind(binder, ExtensionKind.REWARD, spec.reward(), experiment);
        Optional<BoundExtension> region = spec.region().isPresent()
                ? Optional.of(bind(binder, ExtensionKind.REGION, spec.region().get(), experiment))
                : defaultRegion(binder, reward, experiment);
        BoundExtension tuner = bind(binder, ExtensionKind.TUNER, spec.tuner(), experiment);
        List<BoundExtension> evaluationRewards = new ArrayList<>();
        for (ComponentSection section : spec.evaluation().rewards()) {
            evaluationRewards.add(bind(binder, ExtensionKind.REWARD, section, experiment));
        }
        java.util.Map<String, BoundExtension> probeRewards = new java.util.LinkedHashMap<>();
        java.util.Set<String> probeNames = new java.util.HashSet<>();
        for (EvaluationSection.Probe probe : spec.evaluation().probes()) {
            if (!probeNames.add(probe.name())) {
                throw new ConfigException(experiment.tree().location(), "evaluation.probes",
                        "two probes are named '" + probe.name() + "'; give each a distinct name");
            }
            probe.reward().ifPresent(r -> probeRewards.put(probe.name(),
                    bind(binder, ExtensionKind.REWARD, r, experiment)));
        }

        RewardModel<Object> rewardModel = typed(reward, RewardModel.class);
        boolean differentiable = rewardModel.isDifferentiable(reward.options());
        FineTuner<Object> fineTuner = typed(tuner, FineTuner.class);
        if (fineTuner.needsRewardGradient(tuner.options()) && !differentiable) {
            throw new ConfigException(at(experiment, "reward.plugin"), "reward",
                    "reward '" + reward.id() + "' is not differentiable with these options, but tuner '"
                            + tuner.id() + "' back-propagates through the reward; use a differentiable model (for "
                            + "example TorchScript instead of ONNX) or a tuner that needs no gradient");
        }
        region.ifPresent(r -> {
            RegionFunction<Object> fn = typed(r, RegionFunction.class);
            if (fn.needsRewardGradient(r.options()) && !differentiable) {
                throw new ConfigException(at(experiment, "region.plugin"), "region",
                        "region function '" + r.id() + "' differentiates the reward, but reward '" + reward.id()
                                + "' is not differentiable with these options; use 'occlusion' saliency instead");
            }
            if (fn.needsRewardHeatmap(r.options()) && !rewardModel.providesHeatmap(reward.options())) {
                throw new ConfigException(at(experiment, "region.plugin"), "region",
                        "region function '" + r.id() + "' reads the reward's heatmap, but reward '" + reward.id()
                                + "' provides none; use 'saliency' or 'occlusion' instead");
            }
        });
        Path modelPath = resolveModel(experiment);
        ComputeTarget compute = resolveCompute(experiment);
        return new ValidatedExperiment(experiment, modelPath, backbone, reward, region, tuner, evaluationRewards,
                probeRewards, compute);
    }

    /** The device and data type, checked last so that a missing checkpoint is reported first. */
    private ComputeTarget resolveCompute(Experiment experiment) {
        ExperimentSpec spec = experiment.spec();
        if (spec.device().gpuIndex() != null && spec.device().gpuIndex() < 0
                && spec.dtype() == Precision.FLOAT32) {
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
        return Optional.of(bind(binder, ExtensionKind.REGION,
                new ComponentSection(id, none, "region", experiment.tree().location()), experiment));
    }

    private Path resolveModel(Experiment experiment) {
        String reference = experiment.spec().backbone().common().model();
        Path path;
        try {
            path = models.resolve(reference);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at(experiment, "backbone.model"), "backbone.model", e.getMessage());
        }
        if (Files.isDirectory(path) && !Files.exists(path.resolve("model_index.json"))) {
            throw new ConfigException(at(experiment, "backbone.model"), "backbone.model", path
                    + " has no model_index.json; point it at a pipeline folder in the diffusers layout");
        }
        return path;
    }

    private BoundExtension bind(OptionsBinder binder, ExtensionKind kind, ComponentSection section,
            Experiment experiment) {
        RegisteredExtension registered = registry.find(kind, section.plugin()).orElseThrow(() ->
                new ConfigException(section.location(), section.path() + ".plugin",
                        "unknown " + kind.section() + " plugin '" + section.plugin() + "'; "
                                + registry.hint(kind, section.plugin())));
        Object options = binder.bind(section.options(), registered.extension().optionsType(), section.path());
        @SuppressWarnings("unchecked")
        dev.focusnfix.api.NamedExtension<Object> extension =
                (dev.focusnfix.api.NamedExtension<Object>) registered.extension();
        for (String reference : extension.modelReferences(options)) {
            try {
                models.resolve(reference);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(section.location(), section.path(), e.getMessage());
            }
        }
        return new BoundExtension(registered, options, section);
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
