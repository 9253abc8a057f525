package dev.focusnfix.core.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DataParallel;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.RunLayout;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.YamlWriter;
import dev.focusnfix.core.evaluation.EvaluationSummary;
import dev.focusnfix.core.evaluation.RunEvaluator;
import dev.focusnfix.core.evaluation.RunReport;
import dev.focusnfix.core.execution.ItemEngine;
import dev.focusnfix.core.execution.ItemEngines;
import dev.focusnfix.core.execution.OpenEvaluation;
import dev.focusnfix.core.experiment.BoundExtension;
import dev.focusnfix.core.experiment.ComputeTarget;
import dev.focusnfix.core.experiment.EvaluationSection;
import dev.focusnfix.core.experiment.ExecutionSection;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentSpec;
import dev.focusnfix.core.experiment.KernelSetting;
import dev.focusnfix.core.experiment.TrainingSection;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.evaluation.lpips.Lpips;
import dev.focusnfix.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opened run of a validated experiment ({@link dev.focusnfix.core.FrameworkRuntime#open}): writes the resolved
 * {@code experiment.yaml} into the run folder, opens the backbone, reward and region function on the device and data
 * type resolved at validation, hands them to the tuner in an immutable context, then evaluates the result against
 * the base model and writes the report. {@link #evaluate} does the last two steps for a finished run.
 */
public final class ExperimentRunner {

    /** The run folder file that records where the experiment came from. */
    public static final String RUN_INFO = RunLayout.RUN_INFO;

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final ValidatedExperiment validated;
    private final RunOptions options;
    private final Path runDir;
    private final ModelLocator models;
    private final OutputFolders outputs;
    private final ProgressReporter progress;
    private final List<Path> pluginsDirs;

    /** A run of {@code validated} in {@code runDir}, over that run's services. */
    public ExperimentRunner(
            ValidatedExperiment validated,
            RunOptions options,
            Path runDir,
            ModelLocator models,
            OutputFolders outputs,
            ProgressReporter progress) {
        this(validated, options, runDir, models, outputs, progress, null);
    }

    /**
     * A run whose evaluation may run on a remote engine ({@code execution:}), whose processes load the plugins
     * from {@code pluginsDirs}.
     */
    public ExperimentRunner(
            ValidatedExperiment validated,
            RunOptions options,
            Path runDir,
            ModelLocator models,
            OutputFolders outputs,
            ProgressReporter progress,
            List<Path> pluginsDirs) {
        this.validated = validated;
        this.options = options;
        this.runDir = runDir;
        this.models = models;
        this.outputs = outputs;
        this.progress = progress;
        this.pluginsDirs = pluginsDirs;
    }

    /** The run folder. */
    public Path runDirectory() {
        return runDir;
    }

    /**
     * The outcome of a run.
     *
     * @param runDirectory the run folder
     * @param result what the tuner produced
     * @param evaluation the evaluation, or null when disabled
     */
    public record RunOutcome(Path runDirectory, TuningResult result, EvaluationSummary evaluation) {}

    /** Work done with the experiment's parts open. */
    @FunctionalInterface
    private interface SessionWork {
        RunOutcome run(Session session) throws Exception;
    }

    /** The opened parts of an experiment. */
    record Session(
            RunContext context,
            DiffusionPipeline pipeline,
            Reward reward,
            RegionMasker region,
            SamplingSettings sampling,
            NDManager manager) {}

    /**
     * Runs the experiment; with {@link RunOptions#resume} it continues from the latest valid checkpoint, with
     * {@link RunOptions#force} even when the experiment changed since the checkpoint was written.
     */
    public RunOutcome run() throws Exception {
        boolean resume = options.resume();
        boolean force = options.force();
        Experiment experiment = validated.experiment();
        Files.createDirectories(runDir);
        String resolved = resolvedYaml();
        Path recorded = runDir.resolve(RunLayout.EXPERIMENT);
        if (resume
                && !force
                && Files.exists(recorded)
                && !Files.readString(recorded, StandardCharsets.UTF_8).equals(resolved)) {
            throw new ConfigException(
                    null,
                    null,
                    "cannot resume " + runDir + ": the experiment differs from the one "
                            + "the run started with (" + recorded
                            + "); resume with --force to continue anyway, or give the "
                            + "run a new name");
        }
        Path checkpoints = runDir.resolve(RunLayout.CHECKPOINTS);
        if (!resume && Files.isDirectory(checkpoints)) {
            try (var files = Files.list(checkpoints)) {
                if (files.findAny().isPresent()) {
                    throw new ConfigException(
                            null,
                            null,
                            runDir + " already holds checkpoints of an earlier run; "
                                    + "continue it with --resume, or choose another name (--set name=...) or delete the "
                                    + "folder to start over");
                }
            }
        }
        AtomicFiles.writeString(recorded, resolved);
        var kernels = KernelSetting.activate(experiment.spec().kernels());
        AtomicFiles.writeString(
                runDir.resolve(RUN_INFO),
                "experimentDirectory=" + escape(experiment.baseDirectory().toString()) + "\nexperimentFile="
                        + escape(experiment.file().toString())
                        + "\n" + KernelSetting.runProperties(experiment.spec().kernels(), kernels));
        TrainingSection training = experiment.spec().training();
        if (training.onSpark()) {
            trainOnWorkers(training, resume, force, sha256(resolved));
            return evaluate();
        }
        return withSession(session -> {
            TuningResult result = tune(session, resume, force, sha256(resolved), DataParallel.SINGLE_PROCESS);
            return finish(session, result);
        });
    }

    /** Runs the tuner on the session's parts, as {@code worker} of the training run. */
    private TuningResult tune(Session session, boolean resume, boolean force, String hash, DataParallel worker)
            throws Exception {
        TuningContext tuning = session.context()
                .forTuning(new RunTuningContext.Parts(
                        session.pipeline(),
                        session.reward(),
                        session.region(),
                        validated.experiment().spec().prompts().train().prompts(),
                        session.sampling(),
                        resume,
                        force,
                        hash))
                .withDataParallel(worker);
        BoundExtension tuner = validated.tuner();
        @SuppressWarnings("unchecked")
        FineTuner<Object> fineTuner = tuner.extension(FineTuner.class);
        TuningResult result = fineTuner.tune(tuner.options(), tuning);
        LOG.info(
                "run {} finished tuning{}: {}",
                validated.experiment().name(),
                worker.workers() > 1 ? " (worker " + worker.rank() + " of " + worker.workers() + ")" : "",
                result);
        return result;
    }

    /**
     * Trains on the {@code training.engine}'s workers (each opens the run folder written above and trains its share
     * of every batch); returns when the final adapter is in the run folder.
     */
    private void trainOnWorkers(TrainingSection training, boolean resume, boolean force, String hash) throws Exception {
        TrainingEngineProvider engine = null;
        for (TrainingEngineProvider provider :
                ServiceLoader.load(TrainingEngineProvider.class, ExperimentRunner.class.getClassLoader())) {
            if (provider.name().equals(training.engine())) {
                engine = provider;
            }
        }
        if (engine == null) {
            throw new ConfigException(
                    null,
                    null,
                    "training.engine: " + training.engine() + " is not on the class path: run bin/framework (it adds"
                            + " lib/spark/ of the distribution for an experiment that says 'engine: spark'), or put"
                            + " framework-spark and Spark's jars on the class path (spark-submit --jars)");
        }
        String plugins = new RunFolderEvaluation(runDir, pluginsDirs).pluginsDirectories();
        String master = validated.experiment().spec().execution().master().orElse(null);
        LOG.info(
                "training {} on {} data-parallel workers ({})",
                runDir.getFileName(),
                training.workers(),
                training.engine());
        engine.train(new TrainingJob(
                runDir.toAbsolutePath().toString(), plugins, master, training.workers(), resume, force, hash));
    }

    /**
     * Trains one worker's share of a data-parallel run in this process (a {@link TrainingJob} on a worker): opens
     * the parts and runs the tuner with {@code worker}'s view; worker 0 writes the run folder.
     */
    public TuningResult trainShare(DataParallel worker, String experimentHash) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            // workers that share a process open their models one at a time, as they train
            Session session = worker.exclusively(() -> openSession(opened));
            return tune(session, options.resume(), options.force(), experimentHash, worker);
        } finally {
            closeAll(opened);
        }
    }

    /**
     * Evaluates a finished run folder: loads its adapter ({@value RunLayout#FINAL_ADAPTER}) or, for tuners that
     * produce a sampling procedure, asks the tuner for it again, then evaluates and writes the report.
     */
    public RunOutcome evaluate() throws Exception {
        return withSession(session -> finish(session, finishedResult(session)));
    }

    /** The result of a finished run: its adapter loaded into the session, or the tuner's sampling procedure. */
    private TuningResult finishedResult(Session session) throws Exception {
        Path adapter = runDir.resolve(RunLayout.FINAL_ADAPTER);
        if (Files.exists(adapter)) {
            session.pipeline().adapters().load(adapter, 1f);
            return new TuningResult.AdapterWeights(adapter);
        }
        String hash = sha256(resolvedYaml());
        TuningContext tuning = session.context()
                .forTuning(new RunTuningContext.Parts(
                        session.pipeline(),
                        session.reward(),
                        session.region(),
                        validated.experiment().spec().prompts().train().prompts(),
                        session.sampling(),
                        true,
                        false,
                        hash));
        @SuppressWarnings("unchecked")
        FineTuner<Object> fineTuner = validated.tuner().extension(FineTuner.class);
        TuningResult result = fineTuner.tune(validated.tuner().options(), tuning);
        if (result instanceof TuningResult.AdapterWeights) {
            throw new IllegalStateException(runDir + " has no " + RunLayout.FINAL_ADAPTER + ": the run did "
                    + "not finish; continue it with 'framework run EXP.yaml --resume'");
        }
        return result;
    }

    private RunOutcome finish(Session session, TuningResult result) throws Exception {
        EvaluationSection evaluation = validated.experiment().spec().evaluation();
        EvaluationSummary summary = null;
        if (evaluation.enabled()) {
            summary = evaluate(session, result);
        }
        Path report = RunReport.write(runDir);
        LOG.info("report: {}", report);
        return new RunOutcome(runDir, result, summary);
    }

    private EvaluationSummary evaluate(Session session, TuningResult result) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            RunEvaluator.Inputs inputs = inputs(session, result, opened);
            ExecutionSection execution = validated.experiment().spec().execution();
            ItemEngine engine = ItemEngines.create(execution, () -> new RunFolderEvaluation(runDir, pluginsDirs));
            LOG.info("evaluating {} on the {} engine", runDir.getFileName(), engine.describe());
            return new RunEvaluator(progress).evaluate(inputs, runDir, session.manager(), engine, fingerprint(result));
        } finally {
            closeAll(opened);
        }
    }

    /**
     * What an evaluation's item results depend on: the resolved experiment and the adapter's bytes; an interrupted
     * evaluation resumes only items of the same fingerprint.
     */
    private String fingerprint(TuningResult result) throws IOException {
        String adapter = result instanceof TuningResult.AdapterWeights weights && Files.isRegularFile(weights.file())
                ? HexFormat.of().formatHex(digest(Files.readAllBytes(weights.file())))
                : result.getClass().getName();
        return sha256(resolvedYaml() + "\n" + adapter);
    }

    /** The evaluation inputs of a session; what they open goes into {@code opened}. */
    private RunEvaluator.Inputs inputs(Session session, TuningResult result, List<AutoCloseable> opened)
            throws IOException {
        ExperimentSpec spec = validated.experiment().spec();
        EvaluationSection evaluation = spec.evaluation();
        Map<String, Reward> others = new LinkedHashMap<>();
        for (BoundExtension bound : validated.evaluationRewards()) {
            Reward r = open(bound, session.context());
            opened.add(r);
            others.put(uniqueName(others, bound.id()), r);
        }
        List<RunEvaluator.OpenProbe> probes = new ArrayList<>();
        for (EvaluationSection.Probe probe : evaluation.probes()) {
            BoundExtension own = validated.probeRewards().get(probe.name());
            Reward reward = session.reward();
            if (own != null) {
                reward = open(own, session.context());
                opened.add(reward);
            }
            probes.add(new RunEvaluator.OpenProbe(probe.name(), probe.prompts(), reward, probe.threshold()));
        }
        Lpips lpips = null;
        if (evaluation.lpips().isPresent()) {
            lpips = Lpips.load(evaluation.lpips().get(), session.manager(), DataType.FLOAT32);
        }
        return new RunEvaluator.Inputs(
                session.pipeline(),
                session.sampling(),
                result,
                session.reward(),
                session.region(),
                others,
                probes,
                spec.prompts().evaluation().prompts(),
                evaluation.seeds(),
                evaluation.margin(),
                lpips,
                validated.tuner().id(),
                tableParameters());
    }

    /**
     * Opens a finished run folder's evaluation in this process and keeps it open (a Spark executor evaluates many
     * items with it): the backbone, rewards, region function, the run's adapter (or the tuner's sampling
     * procedure), and the evaluation's own rewards and LPIPS.
     */
    public OpenEvaluation openEvaluation() throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Session session = openSession(opened);
            TuningResult result = finishedResult(session);
            return new OpenEvaluation(inputs(session, result, opened), session.manager(), () -> closeAll(opened));
        } catch (Exception | Error e) {
            closeAll(opened);
            throw e;
        }
    }

    private static void closeAll(List<AutoCloseable> opened) throws Exception {
        Exception first = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }

    /** The resolved experiment as written to the run folder: without {@code execution:} (it changes no result). */
    private String resolvedYaml() {
        return YamlWriter.write(validated.experiment().tree().without(ExecutionSection.KEY::equals));
    }

    private RunOutcome withSession(SessionWork work) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return work.run(openSession(opened));
        } finally {
            closeAll(opened);
        }
    }

    /** Opens the backbone, reward and region function; {@code opened} gets what closes them, in opening order. */
    private Session openSession(List<AutoCloseable> opened) throws Exception {
        ExperimentSpec spec = validated.experiment().spec();
        ComputeTarget compute = validated.compute();
        Device device = compute.device();
        KernelSetting.activate(spec.kernels());
        LOG.info("{} on {} ({}), run folder {}", validated.experiment().name(), device, spec.dtype(), runDir);
        NDManager manager = NDManager.newBaseManager(device);
        opened.add(manager);
        RunContext context = new RunContext(compute, manager, models, outputs, progress, spec.seed());
        SamplingSettings sampling = spec.backbone().common().sampling(512);
        BoundExtension bb = validated.backbone();
        @SuppressWarnings("unchecked")
        DiffusionBackbone<Object> backbone = bb.extension(DiffusionBackbone.class);
        DiffusionPipeline pipeline =
                backbone.open(new BackboneSettings(validated.modelPath(), sampling), bb.options(), context);
        opened.add(pipeline);
        Reward reward = open(validated.reward(), context);
        opened.add(reward);
        RegionMasker region = null;
        if (validated.region().isPresent()) {
            region = openRegion(validated.region().get(), context);
            opened.add(region);
        }
        return new Session(context, pipeline, reward, region, sampling, manager);
    }

    /** The tuner's parameters for the comparison tables (beta, K, lambda, ...), as the tuner reports them. */
    private Map<String, Double> tableParameters() {
        BoundExtension tuner = validated.tuner();
        @SuppressWarnings("unchecked")
        FineTuner<Object> fineTuner = tuner.extension(FineTuner.class);
        return fineTuner.tableParameters(tuner.options());
    }

    private static String uniqueName(Map<String, ?> taken, String id) {
        String name = id;
        for (int i = 2; taken.containsKey(name); i++) {
            name = id + "-" + i;
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Reward open(BoundExtension bound, RunContext context) throws IOException {
        RewardModel<Object> model = bound.extension(RewardModel.class);
        return model.open(bound.options(), context);
    }

    @SuppressWarnings("unchecked")
    private static RegionMasker openRegion(BoundExtension bound, RunContext context) throws IOException {
        RegionFunction<Object> fn = bound.extension(RegionFunction.class);
        return fn.open(bound.options(), context);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\")
                .replace("\n", "\\n")
                .replace(":", "\\:")
                .replace("=", "\\=");
    }

    /** The hash stored in checkpoints: a resumed run must come from the same resolved experiment. */
    static String sha256(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
