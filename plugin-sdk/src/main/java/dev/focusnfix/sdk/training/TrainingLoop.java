package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Adapters;
import dev.focusnfix.api.DataParallel;
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
import dev.focusnfix.training.optim.DynamicLossScaler;
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
 * <p>Half precision: the adapters, their gradients and the optimizer state stay float32 whatever the backbone
 * computes in. When the backbone computes in float16 (or {@code lossScaling: dynamic}), the loss is scaled
 * dynamically ({@link LossScaling}): every micro-batch's loss is multiplied by the current scale, the accumulated
 * gradient divided by it before clipping and the update; a step whose gradients overflow is skipped and the scale
 * halves, a run of good steps doubles it; the scale of each step and what it did are in {@code metrics.jsonl}, and
 * checkpoints keep the scale so that a resumed run continues with it.
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
    private final DataParallel parallel;

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
        this.parallel = context.dataParallel();
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

    /**
     * The samples of micro-batch {@code micro} of step {@code step}: their numbers and prompts; in data-parallel
     * training this worker's share (sample {@code b} of the batch goes to worker {@code b % workers}).
     */
    public MicroBatch batch(int step, int micro) {
        return batch(step, micro, 1);
    }

    /** {@link #batch(int, int)} with the loss scale of the step. */
    private MicroBatch batch(int step, int micro, double lossScale) {
        long batchIndex = (long) (step - 1) * settings.gradientAccumulation() + micro;
        List<Long> indices = new ArrayList<>();
        List<String> batchPrompts = new ArrayList<>();
        for (int b = 0; b < settings.batchSize(); b++) {
            if (b % parallel.workers() != parallel.rank()) {
                continue; // another data-parallel worker's sample
            }
            long sample = batchIndex * settings.batchSize() + b;
            indices.add(sample);
            batchPrompts.add(prompts.get(draws.promptIndex(sample, prompts.size())));
        }
        return new MicroBatch(step, micro, batchIndex, indices, batchPrompts, draws, lossScale);
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
        LossScaling scaling = settings.lossScaling();
        DynamicLossScaler scaler = scaling.enabledFor(pipeline.dataType())
                ? new DynamicLossScaler(
                        scaling.initialScale(), LossScaling.GROWTH, LossScaling.BACKOFF, scaling.growthInterval())
                : null;
        if (scaler != null) {
            LOG.info(
                    "{}: dynamic loss scaling ({} compute): initial scale {}, x{} after {} good steps, x{} on overflow",
                    tuner,
                    pipeline.dataType(),
                    scaling.initialScale(),
                    LossScaling.GROWTH,
                    scaling.growthInterval(),
                    LossScaling.BACKOFF);
        }
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
            Start start = start(store, metrics, optimizer, parameters, scaler);
            train(
                    GradientExchange.exclusive(parallel, step),
                    start,
                    store,
                    metrics,
                    optimizer,
                    gradients,
                    parameters,
                    scaler);
        } finally {
            gradients.zero();
            adapters.setScale(1f);
        }
        Path finalFile = runDir.resolve(FINAL_ADAPTER);
        Files.createDirectories(finalFile.getParent());
        if (parallel.isWriter()) {
            adapters.save(finalFile);
            LOG.info("{}: adapter written to {}", tuner, finalFile);
        } else {
            LOG.info("{}: worker {} done; worker 0 writes the adapter to {}", tuner, parallel.rank(), finalFile);
        }
        return new TuningResult.AdapterWeights(finalFile);
    }

    private void train(
            MicroBatchStep microStep,
            Start start,
            CheckpointStore store,
            MetricsLog metrics,
            AdamW optimizer,
            AdapterGradients gradients,
            Map<String, NDArray> parameters,
            DynamicLossScaler scaler)
            throws Exception {
        int total = settings.steps();
        int accumulation = settings.gradientAccumulation();
        int nonFiniteInARow = 0;
        TrainingState state = start.state();
        Path lastGood = start.checkpoint();
        long sessionStart = System.nanoTime();
        int sessionSteps = 0;
        GradientExchange exchange = new GradientExchange(parallel, parameters);
        try (ProgressTask task = context.progress().start(tuner + " training", total)) {
            task.step(state.step(), state.step() > 0 ? "resumed after step " + state.step() : "starting");
            for (int step = state.step() + 1; step <= total; step++) {
                long stepStart = System.nanoTime();
                gradients.zero();
                double reward = 0;
                double constraint = 0;
                double objective = 0;
                String skipped = null;
                // float16 training multiplies the loss by the scale; the gradients are divided by it again below.
                double lossScale = scaler == null ? 1 : scaler.scale();
                boolean countsAsNonFinite = true;
                StepMetrics.LossScaleStep scaleStep = null;
                for (int micro = 0; micro < accumulation; micro++) {
                    ObjectiveValue value = microStep.accumulate(batch(step, micro, lossScale));
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
                if (parallel.workers() > 1) {
                    GradientExchange.StepValues all = exchange.allReduce(
                            step, new GradientExchange.StepValues(reward, constraint, objective, skipped));
                    reward = all.reward();
                    constraint = all.constraint();
                    objective = all.objective();
                    skipped = all.skipped();
                }
                double learningRate = settings.schedule().rate(settings.learningRate(), step, total);
                double norm = Double.NaN;
                if (skipped == null) {
                    norm = gradients.norm() / accumulation / lossScale;
                    if (!Double.isFinite(norm)) {
                        skipped = "non-finite gradient (norm " + norm + ")";
                    }
                    if (scaler != null) {
                        DynamicLossScaler.Step update = scaler.update(skipped == null);
                        scaleStep = new StepMetrics.LossScaleStep(lossScale, eventName(update.event()));
                        if (!update.apply()) {
                            skipped = "the scaled gradients overflowed at loss scale " + lossScale + "; next scale "
                                    + update.nextScale();
                            // An overflow that shrinks the scale is the scaler's normal search for a usable scale;
                            // only one at the smallest scale counts as a non-finite step.
                            countsAsNonFinite = update.nextScale() == lossScale;
                        }
                    }
                } else if (scaler != null) {
                    scaleStep = new StepMetrics.LossScaleStep(lossScale, "kept");
                }
                if (skipped == null) {
                    double factor = AdapterGradients.clipFactor(norm, settings.gradClip());
                    optimizer.step(learningRate, factor / accumulation / lossScale);
                    nonFiniteInARow = 0;
                } else {
                    if (countsAsNonFinite) {
                        nonFiniteInARow++;
                    }
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
                if (parallel.isWriter()) {
                    metrics.append(new StepMetrics(
                            step,
                            reward,
                            constraint,
                            objective,
                            norm,
                            learningRate,
                            seconds,
                            MemoryUsage.now(),
                            scaleStep,
                            skipped));
                }
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
                if (skipped == null && due && parallel.isWriter()) {
                    lastGood = store.save(
                            scaler == null
                                    ? new TrainingState(step, optimizer.updates())
                                    : new TrainingState(step, optimizer.updates(), scaler.scale(), scaler.goodSteps()),
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
    private Start start(
            CheckpointStore store,
            MetricsLog metrics,
            AdamW optimizer,
            Map<String, NDArray> parameters,
            DynamicLossScaler scaler)
            throws IOException {
        if (!context.resume()) {
            if (!parallel.isWriter()) {
                return new Start(new TrainingState(0, 0), null); // worker 0 clears the run folder
            }
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
                if (parallel.isWriter()) {
                    store.deleteAll();
                    metrics.truncateAfter(0);
                }
                return new Start(new TrainingState(0, 0), null);
            }
            try (Checkpoint checkpoint = found.get()) {
                checkCompatible(checkpoint, parameters);
                checkpoint
                        .adapter()
                        .forEach((key, values) -> AdamW.copyInto(parameters.get(key), values, "adapter " + key));
                optimizer.restore(
                        checkpoint.state().optimizerUpdates(), checkpoint.firstMoments(), checkpoint.secondMoments());
                restoreLossScale(checkpoint, scaler);
                if (parallel.isWriter()) {
                    metrics.truncateAfter(checkpoint.state().step());
                }
                for (Path file : parallel.isWriter() ? store.list() : List.<Path>of()) {
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

    private void restoreLossScale(Checkpoint checkpoint, DynamicLossScaler scaler) {
        TrainingState state = checkpoint.state();
        if (scaler != null && state.scalesLoss()) {
            scaler.restore(state.lossScale(), state.lossScaleGoodSteps());
        } else if (scaler != null) {
            LOG.info(
                    "{}: {} has no loss scale (written by a run without loss scaling); starting at {}",
                    tuner,
                    checkpoint.file(),
                    scaler.scale());
        } else if (state.scalesLoss()) {
            LOG.info("{}: {} was written with loss scaling; this run does not scale", tuner, checkpoint.file());
        }
    }

    /** The {@link dev.focusnfix.api.MetricsRecord#LOSS_SCALE_EVENT} of a scaler's step. */
    private static String eventName(DynamicLossScaler.Event event) {
        return switch (event) {
            case APPLIED -> "kept";
            case GREW -> "grew";
            case SKIPPED -> "shrank";
        };
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
