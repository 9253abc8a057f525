package dev.focusnfix.core.execution;

import dev.focusnfix.api.services.ProgressTask;
import java.util.Map;
import java.util.TreeMap;

/**
 * The driver's progress line over items: done / total, the ETA from the throughput so far, and each executor's
 * throughput (items per second of its own compute time).
 */
public final class ItemProgress {

    private final ProgressTask task;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final Map<String, double[]> executors = new TreeMap<>();
    private long done;
    private long fresh;

    /** Progress of {@code total} items on {@code task}, {@code alreadyDone} of them finished before. */
    public ItemProgress(ProgressTask task, long total, long alreadyDone) {
        this.task = task;
        this.total = total;
        this.done = alreadyDone;
    }

    /** Counts one finished item and reports. */
    public void finished(ItemResult result) {
        done++;
        fresh++;
        double[] e = executors.computeIfAbsent(result.executor(), k -> new double[2]);
        e[0]++;
        e[1] += result.seconds();
        task.step(done, message());
    }

    /** The status line after the latest item. */
    public String message() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        // the reporter prints done/total itself
        StringBuilder sb = new StringBuilder();
        sb.append(done < total && fresh > 0 ? "ETA " + duration(elapsed / fresh * (total - done)) : "finished");
        for (Map.Entry<String, double[]> e : executors.entrySet()) {
            double[] v = e.getValue();
            sb.append(String.format("; %s: %.0f items, %.2f items/s", e.getKey(), v[0], v[1] > 0 ? v[0] / v[1] : 0.0));
        }
        return sb.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
