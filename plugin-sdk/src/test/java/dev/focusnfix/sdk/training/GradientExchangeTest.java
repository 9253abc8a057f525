package dev.focusnfix.sdk.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.DataParallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-step exchange of data-parallel workers, two workers as two threads gathering through a barrier: every
 * worker ends with the mean gradient (summed in double, rounded once), the mean values, and the first worker's reason
 * to skip; workers at different steps are refused.
 */
class GradientExchangeTest {

    private NDManager manager;
    private ExecutorService threads;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu());
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        manager.close();
    }

    /** Two workers whose all-gather meets at a barrier. */
    private static final class Pair {
        private final CyclicBarrier barrier = new CyclicBarrier(2);
        private final byte[][] slots = new byte[2][];

        DataParallel worker(int rank) {
            return new DataParallel() {
                @Override
                public int rank() {
                    return rank;
                }

                @Override
                public int workers() {
                    return 2;
                }

                @Override
                public List<byte[]> allGather(byte[] message) throws Exception {
                    slots[rank] = message;
                    barrier.await();
                    List<byte[]> all = List.of(slots[0].clone(), slots[1].clone());
                    barrier.await();
                    return all;
                }

                @Override
                public <T> T exclusively(Callable<T> work) throws Exception {
                    return work.call();
                }
            };
        }
    }

    /** A parameter whose gradient is {@code values} (the backward pass of {@code sum(p * values)}). */
    private NDArray parameterWithGradient(float[] values) {
        NDArray p = manager.zeros(new Shape(values.length));
        p.setRequiresGradient(true);
        try (NDManager scratch = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray c = scratch.create(values);
            collector.backward(p.mul(c).sum());
        }
        return p;
    }

    @Test
    void everyWorkerGetsTheMeanGradientAndValues() throws Exception {
        float[] g0 = {1f, -2f, 1e-7f, 3.5f};
        float[] g1 = {0.1f, 4f, 3e-7f, -3.5f};
        NDArray p0 = parameterWithGradient(g0);
        NDArray p1 = parameterWithGradient(g1);
        Pair pair = new Pair();
        GradientExchange e0 = new GradientExchange(pair.worker(0), Map.of("w", p0));
        GradientExchange e1 = new GradientExchange(pair.worker(1), Map.of("w", p1));
        Future<GradientExchange.StepValues> r0 =
                threads.submit(() -> e0.allReduce(5, new GradientExchange.StepValues(1.0, 0.5, 0.25, null)));
        Future<GradientExchange.StepValues> r1 =
                threads.submit(() -> e1.allReduce(5, new GradientExchange.StepValues(3.0, 1.5, 0.75, null)));
        GradientExchange.StepValues v0 = r0.get();
        assertEquals(v0, r1.get());
        assertEquals(new GradientExchange.StepValues(2.0, 1.0, 0.5, null), v0);
        float[] mean = new float[g0.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (((double) g0[i] + g1[i]) / 2);
        }
        assertArrayEquals(mean, p0.getGradient().toFloatArray());
        assertArrayEquals(mean, p1.getGradient().toFloatArray());
        assertEquals(0f, mean[3], "3.5 and -3.5 cancel exactly");
    }

    @Test
    void aStepOneWorkerSkipsIsSkippedByAll() throws Exception {
        Pair pair = new Pair();
        GradientExchange e0 =
                new GradientExchange(pair.worker(0), Map.of("w", parameterWithGradient(new float[] {1f})));
        GradientExchange e1 =
                new GradientExchange(pair.worker(1), Map.of("w", parameterWithGradient(new float[] {2f})));
        Future<GradientExchange.StepValues> r0 =
                threads.submit(() -> e0.allReduce(1, new GradientExchange.StepValues(1, 0, 1, null)));
        Future<GradientExchange.StepValues> r1 = threads.submit(() ->
                e1.allReduce(1, new GradientExchange.StepValues(Double.NaN, 0, Double.NaN, "non-finite reward NaN")));
        assertEquals("worker 1: non-finite reward NaN", r0.get().skipped());
        assertEquals("non-finite reward NaN", r1.get().skipped());
        assertTrue(Double.isNaN(r0.get().reward()));
    }

    @Test
    void workersAtDifferentStepsAreRefused() throws Exception {
        Pair pair = new Pair();
        GradientExchange e0 =
                new GradientExchange(pair.worker(0), Map.of("w", parameterWithGradient(new float[] {1f})));
        GradientExchange e1 =
                new GradientExchange(pair.worker(1), Map.of("w", parameterWithGradient(new float[] {2f})));
        List<Future<GradientExchange.StepValues>> results = new ArrayList<>();
        results.add(threads.submit(() -> e0.allReduce(3, new GradientExchange.StepValues(1, 0, 1, null))));
        results.add(threads.submit(() -> e1.allReduce(4, new GradientExchange.StepValues(1, 0, 1, null))));
        for (Future<GradientExchange.StepValues> r : results) {
            Exception e = assertThrows(ExecutionException.class, r::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(
                    e.getCause().getMessage().contains("resumed from different checkpoints"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void aSingleProcessIsOneWriterThatGathersItsOwnMessage() throws Exception {
        MicroBatchStep step = batch -> new ObjectiveValue(0, 0, 0);
        assertSame(step, GradientExchange.exclusive(DataParallel.SINGLE_PROCESS, step), "no lock around one worker");
        assertTrue(DataParallel.SINGLE_PROCESS.isWriter());
        List<byte[]> gathered = DataParallel.SINGLE_PROCESS.allGather(new byte[] {1, 2});
        assertEquals(1, gathered.size());
        assertArrayEquals(new byte[] {1, 2}, gathered.get(0));
    }
}
