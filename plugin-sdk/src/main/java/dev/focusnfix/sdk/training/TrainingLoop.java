package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Adapters;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.RunLayout;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressTask;
import dev.focusnfix.training.checkpoint.Checkpoint;
import dev.focusnfix.training.checkpoint.CheckpointMismatchException;
import dev.focusnfix.training.checkpoint.CheckpointStore;
import dev.focusnfix.training.checkpoint.TrainingState;
import dev.focusnfix.training.metrics.MemoryUsage;
import dev.focusnfix.training.metrics.MetricsLog;
import dev.focusnfix.training.metrics.StepMetrics;
import dev.focusnfix.training.optim.AdamW;
import dev.focusnfix.training.optim.AdapterGradients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop every DRaFT-family tuner runs: attaches fresh adapters to the backbone, then for each step
 * accumulates the gradient of {@code -J} over the micro-batches (the tuner's {@link MicroBatchStep}), averages and
 * clips it, and applies one AdamW update at the step's learning rate. Around that: checkpoints every N steps in
 * {@code checkpoints/} of the run folder and resuming from the newest valid one, per-step metrics in
 * {@code metrics.jsonl}, progress with reward and ETA, skipping updates whose reward, objective or gradient is not
 * finite (and stopping after too many in a row), and the final adapter in {@code adapter/final.safetensors}.
 *
 * <p>Determinism: the samples, prompts and noise of every step derive from the experiment seed and the step
 * ({@link TrainingDraws}), and a checkpoint holds the adapters and the optimizer state exactly, so the same
 * experiment gives the same adapter on the same machine and a resumed run continues bit for bit as the
 * uninterrupted one.
 */
@Experimental
public final class TrainingLoop {

    /** The final adapter's path inside the run folder. */
    public static final String FINAL_ADAPTER = RunLayout.FINAL_ADAPTER;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final String tuner;
    private final TrainingSettings settings;
    private final TuningContext context;
    private final TrainingDraws draws;
    private final List<String> prompts;

    /**
     * A loop for the tuner {@code tuner} (its id, stored in checkpoints).
     *
     * @throws IllegalArgumentException when the experiment has no training prompts
     */
    public TrainingLoop(String tuner, TrainingSettings settings, TuningContext context) {
        this.tuner = tuner;
        this.settings = settings;
        this.context = context;
        this.draws = new TrainingDraws(context.seed());
        this.prompts = List.copyOf(context.trainPrompts());
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("the experiment has no training prompts; tuner '" + tuner
                    + "' samples its training images from them");
        }
    }

    /** The run's random draws. */
    public TrainingDraws draws() {
        return draws;
    }

    /** The settings. */
    public TrainingSettings settings() {
        return settings;
    }

    /** The samples of micro-batch {@code micro} of step {@code step}: their numbers and prompts. */
    public MicroBatch batch(int step, int micro) {
        long batchIndex = (long) (step - 1) * settings.gradientAccumulation() + micro;
        List<Long> indices = new ArrayList<>();
        List<String> batchPrompts = new ArrayList<>();
        for (int b = 0; b < settings.batchSize(); b++) {
            long sample = batchIndex * settings.batchSize() + b;
            indices.add(sample);
            batchPrompts.add(prompts.get(draws.promptIndex(sample, prompts.size())));
        }
        return new MicroBatch(step, micro, batchIndex, indices, batchPrompts, draws);
    }

    /**
     * Trains and returns the final adapter.
     *
     * @throws TrainingStoppedException after too many non-finite steps in a row
     * @throws CheckpointMismatchException when resuming from a checkpoint of another experiment without force
     */
    public TuningResult.AdapterWeights run(MicroBatchStep step) throws Exception {
        DiffusionPipeline pipeline = context.backbone();
        Adapters adapters = pipeline.adapters();
        if (!adapters.trainable().isEmpty()) {
            throw new IllegalStateException("the backbone already has trainable adapters; tuner '" + tuner
                    + "' needs a freshly opened backbone");
        }
        adapters.attach(settings.lora(), draws.adapterSeed());
        adapters.setScale(1f);
        Map<String, NDArray> parameters = adapters.trainable();
        parameters.forEach((key, p) -> {
            // AdamW's small updates vanish in half precision; the backbone keeps adapters in float32.
            if (p.getDataType() != DataType.FLOAT32) {
                throw new IllegalStateException("adapter " + key + " is " + p.getDataType()
                        + "; trainable adapters must be float32 whatever the compute dtype");
            }
        });
        Path runDir = context.runDirectory();
        Files.createDirectories(runDir);
        CheckpointStore store = new CheckpointStore(runDir.resolve(RunLayout.CHECKPOINTS));
        MetricsLog metrics = new MetricsLog(runDir.resolve(RunLayout.METRICS));
        AdapterGradients gradients = new AdapterGradients(parameters);
        LOG.info(
                "{}: {} steps, {} x {} samples per step, learning rate {} ({}), {} adapter tensors ({} values)",
                tuner,
                settings.steps(),
                settings.batchSize(),
                settings.gradientAccumulation(),
                settings.learningRate(),
                settings.schedule(),
                parameters.size(),
                count(parameters));
        try (AdamW optimizer = new AdamW(parameters, settings.adam().toAdamW(), context.manager())) {
            Start start = start(store, metrics, optimizer, parameters);
            train(step, start, store, metrics, optimizer, gradients, parameters);
        } finally {
            gradients.zero();
            adapters.setScale(1f);
        }
        Path finalFile = runDir.resolve(FINAL_ADAPTER);
        Files.createDirectories(finalFile.getParent());
        adapters.save(finalFile);
        LOG.info("{}: adapter written to {}", tuner, finalFile);
        return new TuningResult.AdapterWeights(finalFile);
    }

    private void train(
            MicroBatchStep microStep,
            Start start,
            CheckpointStore store,
            MetricsLog metrics,
            AdamW optimizer,
            AdapterGradients gradients,
            Map<String, NDArray> parameters)
            throws Exception {
        int total = settings.steps();
        int accumulation = settings.gradientAccumulation();
        int nonFiniteInARow = 0;
        TrainingState state = start.state();
        Path lastGood = start.checkpoint();
        long sessionStart = System.nanoTime();
        int sessionSteps = 0;
        try (ProgressTask task = context.progress().start(tuner + " training", total)) {
            task.step(state.step(), state.step() > 0 ? "resumed after step " + state.step() : "starting");
            for (int step = state.step() + 1; step <= total; step++) {
                long stepStart = System.nanoTime();
                gradients.zero();
                double reward = 0;
                double constraint = 0;
                double objective = 0;
                String skipped = null;
                for (int micro = 0; micro < accumulation; micro++) {
                    ObjectiveValue value = microStep.accumulate(batch(step, micro));
                    if (!value.isFinite()) {
                        skipped = "non-finite " + String.join(", ", value.nonFiniteParts());
                        reward = value.reward();
                        constraint = value.constraint();
                        objective = value.objective();
                        break;
                    }
                    reward += value.reward() / accumulation;
                    constraint += value.constraint() / accumulation;
                    objective += value.objective() / accumulation;
                }
                double learningRate = settings.schedule().rate(settings.learningRate(), step, total);
                double norm = Double.NaN;
                if (skipped == null) {
                    norm = gradients.norm() / accumulation;
                    if (!Double.isFinite(norm)) {
                        skipped = "non-finite gradient (norm " + norm + ")";
                    }
                }
                if (skipped == null) {
                    double factor = AdapterGradients.clipFactor(norm, settings.gradClip());
                    optimizer.step(learningRate, factor / accumulation);
                    nonFiniteInARow = 0;
                } else {
                    nonFiniteInARow++;
                    LOG.warn(
                            "{} step {}: {}; update skipped ({} in a row, stopping at {})",
                            tuner,
                            step,
                            skipped,
                            nonFiniteInARow,
                            settings.maxNonFiniteInARow());
                }
                gradients.zero();
                double seconds = (System.nanoTime() - stepStart) / 1e9;
                metrics.append(new StepMetrics(
                        step, reward, constraint, objective, norm, learningRate, seconds, MemoryUsage.now(), skipped));
                if (skipped != null && nonFiniteInARow >= settings.maxNonFiniteInARow()) {
                    throw new TrainingStoppedException(
                            step,
                            tuner + " training stopped at step " + step + ": "
                                    + nonFiniteInARow + " steps in a row had non-finite values (last: " + skipped
                                    + "). "
                                    + (lastGood == null
                                            ? "No checkpoint was written before."
                                            : "The last good checkpoint is " + lastGood
                                                    + "; nothing was written after it.")
                                    + " Lower the learning rate, enable gradClip, or check the reward;"
                                    + " raise maxNonFiniteInARow to tolerate more.");
                }
                boolean due = step == total || settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0;
                if (skipped == null && due) {
                    lastGood = store.save(
                            new TrainingState(step, optimizer.updates()),
                            context.experimentHash(),
                            tuner,
                            parameters,
                            optimizer.firstMoments(),
                            optimizer.secondMoments());
                    store.prune(settings.keepCheckpoints());
                }
                sessionSteps++;
                double perStep = (System.nanoTime() - sessionStart) / 1e9 / sessionSteps;
                task.step(step, String.format("reward=%.4g eta=%s", reward, duration(perStep * (total - step))));
            }
        }
    }

    /** Where training starts: the state, and the checkpoint it was restored from (null when starting over). */
    private record Start(TrainingState state, Path checkpoint) {}

    /**
     * Restores the newest valid checkpoint when resuming, or starts over. Checkpoint files newer than the one
     * restored are unusable (the newest valid one was taken) and are removed, so that pruning never keeps them in
     * place of good ones; starting over removes an earlier run's checkpoints.
     */
    private Start start(CheckpointStore store, MetricsLog metrics, AdamW optimizer, Map<String, NDArray> parameters)
            throws IOException {
        if (!context.resume()) {
            if (!store.list().isEmpty()) {
                LOG.warn(
                        "{} holds checkpoints of an earlier run; this run starts over and replaces them",
                        store.folder());
                store.deleteAll();
            }
            metrics.truncateAfter(0);
            return new Start(new TrainingState(0, 0), null);
        }
        try (NDManager scratch = context.manager().newSubManager()) {
            Optional<Checkpoint> found = store.loadLatestValid(scratch);
            if (found.isEmpty()) {
                LOG.warn("resume: no usable checkpoint in {}; starting from step 0", store.folder());
                store.deleteAll();
                metrics.truncateAfter(0);
                return new Start(new TrainingState(0, 0), null);
            }
            try (Checkpoint checkpoint = found.get()) {
                checkCompatible(checkpoint, parameters);
                checkpoint
                        .adapter()
                        .forEach((key, values) -> AdamW.copyInto(parameters.get(key), values, "adapter " + key));
                optimizer.restore(
                        checkpoint.state().optimizerUpdates(), checkpoint.firstMoments(), checkpoint.secondMoments());
                metrics.truncateAfter(checkpoint.state().step());
                for (Path file : store.list()) {
                    if (CheckpointStore.stepOf(file) > checkpoint.state().step()) {
                        LOG.warn("removing unusable checkpoint {}", file);
                        Files.deleteIfExists(file);
                    }
                }
                LOG.info(
                        "{}: resumed from {} (step {})",
                        tuner,
                        checkpoint.file(),
                        checkpoint.state().step());
                return new Start(checkpoint.state(), checkpoint.file());
            }
        }
    }

    private void checkCompatible(Checkpoint checkpoint, Map<String, NDArray> parameters) {
        String expected = context.experimentHash();
        if (!checkpoint.experimentHash().equals(expected)) {
            String what = "checkpoint " + checkpoint.file() + " was written by a different experiment (hash "
                    + abbreviate(checkpoint.experimentHash()) + ", this experiment " + abbreviate(expected) + ")";
            if (!settings.forceResume() && !context.forceResume()) {
                throw new CheckpointMismatchException(
                        what + ": the experiment changed since. Start a new run, or"
                                + " resume anyway with 'framework run --resume --force' (or the tuner option forceResume: true).");
            }
            LOG.warn("{}; resuming anyway (forceResume)", what);
        }
        if (!checkpoint.adapter().keySet().equals(parameters.keySet())) {
            throw new CheckpointMismatchException("checkpoint " + checkpoint.file() + " holds adapters for other"
                    + " layers (" + checkpoint.adapter().size() + " tensors, this run has " + parameters.size()
                    + "): the LoRA targets changed; it cannot be resumed");
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray stored = checkpoint.adapter().get(e.getKey());
            if (!stored.getShape().equals(e.getValue().getShape())) {
                throw new CheckpointMismatchException("checkpoint " + checkpoint.file() + ": adapter " + e.getKey()
                        + " has shape " + stored.getShape() + ", this run "
                        + e.getValue().getShape()
                        + " (the LoRA rank changed); it cannot be resumed");
            }
        }
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
    }

    private static long count(Map<String, NDArray> parameters) {
        return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** A duration such as {@code 1h02m}, {@code 3m20s} or {@code 12s}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) {
            return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
