package dev.focusnfix.spark;

import dev.focusnfix.core.evaluation.RunEvaluator;
import dev.focusnfix.core.execution.EvaluationSource;
import dev.focusnfix.core.execution.ItemResult;
import dev.focusnfix.core.execution.OpenEvaluation;
import dev.focusnfix.core.execution.WorkItem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-executor cache of opened evaluations (a static of the executor JVM, so it outlives tasks): a variant's
 * backbone, rewards, region function and adapter are opened once per executor JVM and reused by every later task of
 * that variant (items run one at a time per JVM, see {@link #evaluate}; a copy is never shared by two running
 * items, since a pipeline switches its adapter scale per image). When a task asks for another variant (a sweep's next run), the idle copies of the others
 * are closed, so an executor holds one variant's models at a time.
 */
final class ExecutorEvaluations {

    /** How many times this JVM opened an evaluation (tests check it is once per slot, not per task). */
    static final AtomicInteger OPENED = new AtomicInteger();

    private static final Map<String, Deque<OpenEvaluation>> IDLE = new HashMap<>();
    private static final Map<String, Integer> IN_USE = new HashMap<>();

    private ExecutorEvaluations() {}

    /**
     * One item at a time per JVM: DJL's gradient recording (which saliency region functions and guided sampling
     * use) is process-wide, so two task threads of one executor would collide ("a GradientCollector is already
     * collecting"). Parallelism comes from executors (one core each), not from threads within one.
     */
    private static final Object ONE_ITEM_AT_A_TIME = new Object();

    /** Evaluates one item with a cached copy of {@code source}'s parts, opening one when none is idle. */
    static ItemResult evaluate(EvaluationSource source, WorkItem item) throws Exception {
        synchronized (ONE_ITEM_AT_A_TIME) {
            OpenEvaluation open = borrow(source);
            try {
                return RunEvaluator.evaluateItem(open.inputs(), item, open.manager());
            } finally {
                giveBack(source.key(), open);
            }
        }
    }

    private static OpenEvaluation borrow(EvaluationSource source) throws Exception {
        String key = source.key();
        synchronized (ExecutorEvaluations.class) {
            closeIdleExcept(key);
            IN_USE.merge(key, 1, Integer::sum);
            Deque<OpenEvaluation> idle = IDLE.get(key);
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        try {
            OpenEvaluation opened = source.open();
            OPENED.incrementAndGet();
            return opened;
        } catch (Exception | Error e) {
            synchronized (ExecutorEvaluations.class) {
                IN_USE.merge(key, -1, Integer::sum);
            }
            throw e;
        }
    }

    private static synchronized void giveBack(String key, OpenEvaluation open) {
        IN_USE.merge(key, -1, Integer::sum);
        IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).push(open);
    }

    private static void closeIdleExcept(String key) {
        for (Map.Entry<String, Deque<OpenEvaluation>> e : new HashMap<>(IDLE).entrySet()) {
            if (!e.getKey().equals(key) && IN_USE.getOrDefault(e.getKey(), 0) == 0) {
                e.getValue().forEach(OpenEvaluation::close);
                IDLE.remove(e.getKey());
            }
        }
    }

    /** Closes every idle copy (the end of a local-mode job, whose executor is the driver's JVM). */
    static synchronized void closeAll() {
        IDLE.values().forEach(q -> q.forEach(OpenEvaluation::close));
        IDLE.clear();
    }
}
