package dev.focusnfix.spark;

import dev.focusnfix.core.execution.EvaluationSource;
import dev.focusnfix.core.execution.ItemEngine;
import dev.focusnfix.core.execution.ItemFailedException;
import dev.focusnfix.core.execution.ItemResult;
import dev.focusnfix.core.execution.WorkItem;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates work items on Spark: one task per item (an item is seconds of diffusion sampling, a task milliseconds of
 * overhead), in waves of jobs whose results the driver writes before the next wave starts, so an interrupted sweep
 * loses at most one wave. A failed task is retried by Spark ({@code spark.task.maxFailures}); the item's result does
 * not depend on the attempt, since its noise comes from its seed. Each executor opens the variant's parts once
 * ({@link ExecutorEvaluations}).
 */
public final class SparkItemEngine implements ItemEngine {

    /**
     * For tests: the {@link WorkItem#id} whose first task attempt fails on purpose (retries succeed), to show that
     * a retried item gives the same bits; with a {@code *} after the id every attempt fails.
     */
    public static final String FAIL_FIRST_ATTEMPT = "focusnfix.spark.failFirstAttemptOf";

    /** How many failures this JVM injected (tests). */
    static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    private static final Logger LOG = LoggerFactory.getLogger(SparkItemEngine.class);

    private final String master;
    private final EvaluationSource source;
    private final int itemsPerWave;

    /**
     * An engine on {@code master} (null: spark-submit's) whose executors open {@code source}.
     *
     * @param itemsPerWave items per job; 0 for four per task slot
     */
    public SparkItemEngine(String master, EvaluationSource source, int itemsPerWave) {
        this.master = master;
        this.source = source;
        this.itemsPerWave = itemsPerWave;
    }

    @Override
    public void run(List<WorkItem> items, ItemFunction here, ResultSink sink) throws Exception {
        if (items.isEmpty()) {
            return;
        }
        JavaSparkContext sc = SparkContexts.forMaster(master);
        int wave = itemsPerWave > 0 ? itemsPerWave : Math.max(1, 4 * sc.defaultParallelism());
        EvaluationSource src = source;
        String failing = System.getProperty(FAIL_FIRST_ATTEMPT);
        LOG.info(
                "spark: {} items in waves of {} on {} ({} task slots)",
                items.size(),
                wave,
                sc.master(),
                sc.defaultParallelism());
        try {
            for (int from = 0; from < items.size(); from += wave) {
                List<WorkItem> part = items.subList(from, Math.min(items.size(), from + wave));
                JavaRDD<WorkItem> rdd = sc.parallelize(part, part.size());
                List<ItemResult> results;
                try {
                    results =
                            rdd.map(item -> evaluateInTask(src, item, failing)).collect();
                } catch (Exception e) {
                    // a SparkException (checked) whose message holds the last attempt's failure
                    throw new ItemFailedException(failure(e));
                }
                for (ItemResult r : results) {
                    sink.accept(r);
                }
            }
        } finally {
            if (sc.isLocal()) {
                // the executor is this JVM: free the models before the next variant or the driver's own work
                ExecutorEvaluations.closeAll();
            }
        }
    }

    /** The task function: the shared per-item function over this executor's cached parts, timed and named. */
    static ItemResult evaluateInTask(EvaluationSource source, WorkItem item, String failing) throws Exception {
        TaskContext task = TaskContext.get();
        long start = System.nanoTime();
        ItemResult result;
        try {
            boolean always = failing != null && failing.equals(item.id() + "*");
            if (always || item.id().equals(failing) && task != null && task.attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("failure injected on purpose (" + FAIL_FIRST_ATTEMPT + ")");
            }
            result = ExecutorEvaluations.evaluate(source, item);
        } catch (Exception e) {
            throw new ItemFailedException(item.describe(), e);
        }
        String executor =
                SparkEnv.get() == null ? "?" : "executor " + SparkEnv.get().executorId();
        return result.timed(executor, (System.nanoTime() - start) / 1e9);
    }

    /** The item failure in a Spark job failure (the last attempt's reason), else the job's own message. */
    private static String failure(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("evaluation item failed: ");
        if (at >= 0) {
            String rest = message.substring(at);
            int end = rest.indexOf('\n');
            return (end > 0 ? rest.substring(0, end) : rest).trim();
        }
        return "Spark job failed: " + message.lines().findFirst().orElse(message);
    }

    @Override
    public String describe() {
        return "spark " + (master == null ? "(spark-submit's master)" : master);
    }
}
