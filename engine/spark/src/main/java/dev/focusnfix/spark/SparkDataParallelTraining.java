package dev.focusnfix.spark;

import ai.djl.engine.Engine;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.run.TrainingJob;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Data-parallel training on Spark: one barrier stage of {@code workers} tasks, each a worker that opens the run's
 * parts and trains its share of every batch ({@link TrainingJob#train}), the workers exchanging gradients through the
 * barrier's all-gather ({@link BarrierWorker}). When a worker fails, Spark fails the whole stage attempt, kills the
 * other tasks (they notice at their next exchange, at most one step later) and starts a new attempt of every task;
 * a new attempt resumes from the newest valid checkpoint. Worker 0 writes checkpoints only after an exchange every
 * worker took part in, so a checkpoint always holds the state all workers shared.
 *
 * <p>Spark retries a failed barrier stage only when it is a shuffle map stage (a failed barrier result stage is
 * aborted), so the workers' outcomes go through a one-partition shuffle; a stage is tried
 * {@code spark.stage.maxConsecutiveAttempts} times (4 by default). A run that stops for its own reasons (too many
 * non-finite steps) ends the stage normally with that outcome, since a retry would stop the same way.
 */
final class SparkDataParallelTraining {

    /**
     * For tests: {@code RANK:EXCHANGE}: worker RANK fails at its EXCHANGE-th gradient exchange (1 first, the step's
     * exchange when the stage started from scratch) in the stage's first attempt, as a lost worker would.
     */
    static final String FAIL_WORKER = "focusnfix.spark.failTrainingWorker";

    /** How many failures this JVM injected (tests). */
    static final AtomicInteger INJECTED = new AtomicInteger();

    /** The outcomes of the last training's workers, in rank order (tests and logs). */
    static volatile List<Outcome> lastOutcomes = List.of();

    private static final Logger LOG = LoggerFactory.getLogger(SparkDataParallelTraining.class);

    private static final String STOPPED = "TrainingStoppedException";

    private SparkDataParallelTraining() {}

    /**
     * What one worker reports.
     *
     * @param rank the worker
     * @param stageAttempt the stage attempt it ran in, 0 first
     * @param exchanges the gradient exchanges (training steps) it did in that attempt
     * @param stopped why the training stopped for good, or null when it finished
     */
    record Outcome(int rank, int stageAttempt, int exchanges, String stopped) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Runs {@code job}'s workers; {@code failing} is the {@link #FAIL_WORKER} test hook, or null. */
    static void train(TrainingJob job, String failing) throws Exception {
        if (job.master() == null && System.getProperty("spark.master") == null) {
            throw new ConfigException(
                    null,
                    "execution.master",
                    "training.engine: spark needs a master: set execution.master (for example --set"
                            + " \"execution.master='local[2]'\", or spark://HOST:7077, yarn, k8s://...), or start with"
                            + " spark-submit --master URL");
        }
        JavaSparkContext sc = SparkContexts.forMaster(job.master());
        int workers = job.workers();
        if (sc.isLocal() && sc.defaultParallelism() < workers) {
            throw new ConfigException(
                    null,
                    "training.workers",
                    "training.workers: " + workers + " needs " + workers + " task slots at once (a barrier stage),"
                            + " but " + sc.master() + " has " + sc.defaultParallelism() + "; use local[" + workers
                            + "] or fewer workers");
        }
        LOG.info("spark: training on {} data-parallel workers on {}", workers, sc.master());
        List<Integer> ranks = IntStream.range(0, workers).boxed().toList();
        ClassTag<Outcome> type = ClassTag$.MODULE$.apply(Outcome.class);
        RDD<Outcome> barrier =
                sc.parallelize(ranks, workers).rdd().barrier().mapPartitions(new Work(job, failing), false, type);
        // the shuffle makes the barrier stage a shuffle map stage: Spark retries those, not result stages
        JavaRDD<Outcome> outcomes = new JavaRDD<>(barrier, type).repartition(1);
        List<Outcome> all;
        sc.setJobDescription("focusnfix data-parallel training of " + job.runDirectory());
        try {
            all = new ArrayList<>(outcomes.collect());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "data-parallel training failed on Spark: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    e);
        } finally {
            sc.setJobDescription(null);
        }
        all.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
        lastOutcomes = Collections.unmodifiableList(all);
        Outcome first = all.get(0);
        LOG.info(
                "spark: the {} workers finished in stage attempt {} ({} steps in that attempt)",
                workers,
                first.stageAttempt(),
                first.exchanges());
        for (Outcome o : all) {
            if (o.stopped() != null) {
                throw new IllegalStateException(o.stopped());
            }
        }
    }

    /** The barrier tasks' function (a Scala function: Spark's Java API has no barrier stages). */
    private static final class Work
            extends AbstractFunction1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Outcome>>
            implements Serializable {

        private static final long serialVersionUID = 1L;

        private final TrainingJob job;
        private final String failing;

        Work(TrainingJob job, String failing) {
            this.job = job;
            this.failing = failing;
        }

        @Override
        public scala.collection.Iterator<Outcome> apply(scala.collection.Iterator<Integer> ignored) {
            try {
                return CollectionConverters.asScala(work(job, failing));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** The task: one worker's training in this executor. */
    private static Iterator<Outcome> work(TrainingJob job, String failing) throws Exception {
        BarrierTaskContext task = BarrierTaskContext.get();
        int attempt = task.stageAttemptNumber();
        int failAt = attempt == 0 ? failAt(failing, task.partitionId()) : 0;
        BarrierWorker worker = new BarrierWorker(task, job.workers(), failAt);
        recordNoGradientsByDefault();
        String stopped = null;
        try {
            job.train(worker, attempt > 0);
        } catch (RuntimeException e) {
            // Every worker stops at the same step (they agree on every step's values), so none is left waiting in
            // an exchange; a retried stage would stop the same way.
            if (!e.getClass().getSimpleName().equals(STOPPED)) {
                throw e;
            }
            stopped = e.getMessage();
        }
        return List.of(new Outcome(task.partitionId(), attempt, worker.exchanges(), stopped))
                .iterator();
    }

    private static int failAt(String failing, int rank) {
        if (failing == null) {
            return 0;
        }
        String[] parts = failing.split(":");
        return Integer.parseInt(parts[0].trim()) == rank ? Integer.parseInt(parts[1].trim()) : 0;
    }

    /**
     * Turns PyTorch's gradient recording off in this task thread, as the engine does for the thread that starts it:
     * PyTorch's grad mode is per thread and on in a fresh one, and the sampling chain outside a gradient collector
     * would otherwise record the adapters' graph. (Reflection: framework-spark does not depend on an engine.)
     */
    private static void recordNoGradientsByDefault() {
        Engine engine = Engine.getInstance();
        if (!"PyTorch".equals(engine.getEngineName())) {
            return;
        }
        try {
            Class.forName("ai.djl.pytorch.jni.JniUtils", true, engine.getClass().getClassLoader())
                    .getMethod("setGradMode", boolean.class)
                    .invoke(null, false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot turn PyTorch's gradient recording off in a Spark task", e);
        }
    }
}
