package dev.focusnfix.core.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.DeviceSettings;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.YamlWriter;
import dev.focusnfix.core.experiment.BoundExtension;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentSpec;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.services.RunScope;
import dev.focusnfix.core.util.AtomicFiles;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import dev.focusnfix.api.services.ProgressTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validated experiment: picks the device, writes the resolved {@code experiment.yaml} into the run folder,
 * opens the backbone, reward and region function, and hands them to the tuner.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final RunScope scope;
    private final ModelLocator models;
    private final OutputFolders outputs;
    private final ProgressReporter progress;

    /** A runner over the framework services. */
    @Inject
    public ExperimentRunner(RunScope scope, ModelLocator models, OutputFolders outputs, ProgressReporter progress) {
        this.scope = scope;
        this.models = models;
        this.outputs = outputs;
        this.progress = progress;
    }

    /**
     * The outcome of a run.
     *
     * @param runDirectory the run folder
     * @param result what the tuner produced
     */
    public record RunOutcome(Path runDirectory, TuningResult result) {}

    /**
     * Runs the experiment; {@code resume} continues from the latest valid checkpoint, {@code force} allows that even
     * when the experiment changed since the checkpoint was written.
     */
    public RunOutcome run(ValidatedExperiment validated, boolean resume, boolean force) throws Exception {
        Experiment experiment = validated.experiment();
        ExperimentSpec spec = experiment.spec();
        Device device = spec.device().resolve(Engine.getInstance().getGpuCount());
        if (!device.isGpu() && spec.dtype().dataType() != ai.djl.ndarray.types.DataType.FLOAT32) {
            throw new IllegalArgumentException("dtype " + spec.dtype().name().toLowerCase()
                    + " needs a GPU; on the CPU use dtype: float32");
        }
        DeviceSettings settings = new DeviceSettings(device, spec.dtype().dataType());
        Path runDir = experiment.runDirectory().toAbsolutePath();
        scope.enter(settings, experiment.baseDirectory(), runDir);
        Files.createDirectories(runDir);
        String resolved = YamlWriter.write(experiment.tree());
        Path recorded = runDir.resolve("experiment.yaml");
        if (resume && !force && Files.exists(recorded)
                && !Files.readString(recorded, StandardCharsets.UTF_8).equals(resolved)) {
            throw new ConfigException(null, null, "cannot resume " + runDir + ": the experiment differs from the one "
                    + "the run started with (" + recorded + "); resume with --force to continue anyway, or give the "
                    + "run a new name");
        }
        AtomicFiles.writeString(recorded, resolved);
        LOG.info("run {} on {} ({}), writing to {}", experiment.name(), device, spec.dtype(), runDir);

        try (NDManager manager = NDManager.newBaseManager(device)) {
            RunContext context = new RunContext(settings, manager, models, outputs, progress, spec.seed());
            SamplingSettings sampling = spec.backbone().common().sampling(512);
            BoundExtension bb = validated.backbone();
            try (DiffusionPipeline pipeline = bb.extension(DiffusionBackbone.class).open(
                            new BackboneSettings(validated.modelPath(), sampling), bb.options(), context);
                    Reward reward = open(validated.reward(), context);
                    RegionMasker region = validated.region().isPresent()
                            ? openRegion(validated.region().get(), context) : null) {
                context.tuning(pipeline, reward, region, spec.prompts().train().prompts(), sampling, resume,
                        force, sha256(resolved));
                BoundExtension tuner = validated.tuner();
                @SuppressWarnings("unchecked")
                FineTuner<Object> fineTuner = tuner.extension(FineTuner.class);
                TuningResult result = fineTuner.tune(tuner.options(), context);
                LOG.info("run {} finished tuning: {}", experiment.name(), result);
                writeSamples(spec, pipeline, sampling, result, region, reward, runDir);
                return new RunOutcome(runDir, result);
            }
        }
    }

    private void writeSamples(ExperimentSpec spec, DiffusionPipeline pipeline, SamplingSettings sampling,
            TuningResult result, RegionMasker region, Reward reward, Path runDir) throws java.io.IOException {
        List<String> prompts = spec.prompts().evaluation().prompts();
        List<Long> seeds = spec.evaluation().seeds();
        SampleWriter writer = new SampleWriter(pipeline, sampling);
        Path folder = runDir.resolve("samples");
        try (ProgressTask task = progress.start("samples", (long) prompts.size() * seeds.size())) {
            int done = 0;
            for (int p = 0; p < prompts.size(); p++) {
                for (long seed : seeds) {
                    try (NDManager sampleScope = NDManager.newBaseManager(scope.deviceSettings().device())) {
                        SampleWriter.write(writer.generate(prompts.get(p), seed, result, region, reward, sampleScope),
                                folder, p, seed);
                    }
                    task.step(++done, "");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Reward open(BoundExtension bound, RunContext context) throws java.io.IOException {
        RewardModel<Object> model = bound.extension(RewardModel.class);
        return model.open(bound.options(), context);
    }

    @SuppressWarnings("unchecked")
    private static RegionMasker openRegion(BoundExtension bound, RunContext context) throws java.io.IOException {
        RegionFunction<Object> fn = bound.extension(RegionFunction.class);
        return fn.open(bound.options(), context);
    }

    /** The hash stored in checkpoints: a resumed run must come from the same resolved experiment. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
