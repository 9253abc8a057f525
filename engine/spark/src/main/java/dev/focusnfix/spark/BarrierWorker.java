package dev.focusnfix.spark;

import dev.focusnfix.api.DataParallel;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;

/**
 * One task of the data-parallel training's barrier stage as a {@link DataParallel} worker: its rank is the task's
 * partition, and {@link #allGather} is the barrier's all-gather (messages travel as Base64 strings through the
 * driver's barrier coordinator, so one exchange moves {@code workers x message} bytes in one RPC reply, bounded by
 * {@code spark.rpc.message.maxSize}).
 */
final class BarrierWorker implements DataParallel {

    /**
     * One forward and backward pass at a time per JVM: DJL allows one gradient collector per process, and in
     * {@code local[N]} every worker is a thread of the driver's JVM. Fair, so the workers take turns. In a cluster
     * with one task per executor it is never contended.
     */
    private static final ReentrantLock ONE_PASS_AT_A_TIME = new ReentrantLock(true);

    private final BarrierTaskContext task;
    private final int workers;
    private final int failAtExchange;
    private int exchanges;

    /**
     * The worker of {@code task} among {@code workers}.
     *
     * @param failAtExchange for tests: the exchange (1 first) at which this worker fails, as a lost worker would;
     *     0 for never
     */
    BarrierWorker(BarrierTaskContext task, int workers, int failAtExchange) {
        this.task = task;
        this.workers = workers;
        this.failAtExchange = failAtExchange;
    }

    @Override
    public int rank() {
        return task.partitionId();
    }

    @Override
    public int workers() {
        return workers;
    }

    /** How many exchanges this worker did in this stage attempt. */
    int exchanges() {
        return exchanges;
    }

    @Override
    public List<byte[]> allGather(byte[] message) {
        exchanges++;
        if (exchanges == failAtExchange) {
            SparkDataParallelTraining.INJECTED.incrementAndGet();
            throw new IllegalStateException("worker " + rank() + " lost on purpose before exchange " + exchanges + " ("
                    + SparkDataParallelTraining.FAIL_WORKER + ")");
        }
        String encoded = Base64.getEncoder().encodeToString(message);
        long limit = SparkEnv.get() == null
                ? Long.MAX_VALUE
                : SparkEnv.get().conf().getSizeAsMb("spark.rpc.message.maxSize", "128") * 1024 * 1024;
        if ((long) encoded.length() * workers > limit) {
            throw new IllegalStateException("the gradient exchange of " + workers + " workers needs "
                    + (long) encoded.length() * workers / (1024 * 1024) + " MiB in one message, more than"
                    + " spark.rpc.message.maxSize (" + limit / (1024 * 1024) + " MiB): raise it, or use fewer"
                    + " workers or a smaller LoRA rank");
        }
        String[] all = task.allGather(encoded);
        List<byte[]> decoded = new ArrayList<>(all.length);
        for (String m : all) {
            decoded.add(Base64.getDecoder().decode(m));
        }
        return decoded;
    }

    @Override
    public <T> T exclusively(Callable<T> work) throws Exception {
        ONE_PASS_AT_A_TIME.lockInterruptibly();
        try {
            return work.call();
        } finally {
            ONE_PASS_AT_A_TIME.unlock();
        }
    }
}
