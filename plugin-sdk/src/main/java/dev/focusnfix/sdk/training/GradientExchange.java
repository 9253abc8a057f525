package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.focusnfix.api.DataParallel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How data-parallel workers agree on every training step: each sends the adapters' gradients accumulated over its
 * share of the step's samples and its mean reward, constraint and objective; every worker replaces its gradients and
 * values with the mean over the workers. The objective is a mean over the batch and every worker has the same share
 * of it, so the mean of the workers' gradients is the gradient of the whole batch (up to float32 round-off). The
 * sums run in double precision in rank order, so every worker computes the same bits and the workers' adapters stay
 * identical. A step that any worker skipped (a non-finite value) is skipped by all.
 */
final class GradientExchange {

    private final DataParallel parallel;
    private final SortedMap<String, NDArray> parameters;

    /**
     * The exchange of {@code parameters}' gradients (sorted by name: every worker writes and reads them in the
     * same order).
     */
    GradientExchange(DataParallel parallel, Map<String, NDArray> parameters) {
        this.parallel = parallel;
        this.parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    }

    /**
     * A step's values on one worker, or agreed by all.
     *
     * @param reward the mean reward
     * @param constraint the mean constraint
     * @param objective the mean objective
     * @param skipped why the step's update is skipped, or null
     */
    record StepValues(double reward, double constraint, double objective, String skipped) {}

    /** {@code step} wrapped so that its forward and backward passes run while no other worker of the process does. */
    static MicroBatchStep exclusive(DataParallel parallel, MicroBatchStep step) {
        if (parallel.workers() == 1) {
            return step;
        }
        return batch -> parallel.exclusively(() -> step.accumulate(batch));
    }

    /**
     * Sends this worker's values and gradients of {@code step}, and replaces the gradients with every worker's
     * mean; returns the mean values, skipped when any worker skipped.
     *
     * @throws IllegalStateException when the workers are at different steps (they resumed from different
     *     checkpoints)
     */
    StepValues allReduce(int step, StepValues mine) throws Exception {
        List<byte[]> messages = parallel.allGather(encode(step, mine));
        int workers = messages.size();
        List<ByteBuffer> buffers = new ArrayList<>();
        double reward = 0;
        double constraint = 0;
        double objective = 0;
        String skipped = null;
        for (int rank = 0; rank < workers; rank++) {
            ByteBuffer in = ByteBuffer.wrap(messages.get(rank)).order(ByteOrder.LITTLE_ENDIAN);
            int theirStep = in.getInt();
            if (theirStep != step) {
                throw new IllegalStateException("data-parallel worker " + rank + " is at step " + theirStep
                        + ", worker " + parallel.rank() + " at step " + step
                        + ": the workers resumed from different checkpoints");
            }
            reward += in.getDouble();
            constraint += in.getDouble();
            objective += in.getDouble();
            byte[] reason = new byte[in.getInt()];
            in.get(reason);
            if (skipped == null && reason.length > 0) {
                skipped = (rank == parallel.rank() ? "" : "worker " + rank + ": ")
                        + new String(reason, StandardCharsets.UTF_8);
            }
            buffers.add(in);
        }
        for (NDArray p : parameters.values()) {
            average(p, buffers);
        }
        return new StepValues(reward / workers, constraint / workers, objective / workers, skipped);
    }

    /** Replaces {@code p}'s gradient with the mean of the next tensor of every worker's message. */
    private static void average(NDArray p, List<ByteBuffer> buffers) {
        double[] sum = null;
        for (ByteBuffer in : buffers) {
            int count = in.getInt();
            if (count < 0) {
                continue; // that worker has no gradient for p (it was never back-propagated to)
            }
            if (sum == null) {
                sum = new double[count];
            } else if (sum.length != count) {
                throw new IllegalStateException("data-parallel workers sent " + sum.length + " and " + count
                        + " gradient values for one adapter tensor: their adapters differ");
            }
            for (int i = 0; i < count; i++) {
                sum[i] += in.getFloat();
            }
        }
        if (sum == null || !p.hasGradient()) {
            return;
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = (float) (sum[i] / buffers.size());
        }
        try (NDManager scratch = p.getManager().newSubManager()) {
            NDArray g = p.getGradient();
            g.attach(scratch);
            g.set(new NDIndex("..."), scratch.create(mean, g.getShape()));
        }
    }

    private byte[] encode(int step, StepValues mine) {
        byte[] reason = mine.skipped() == null ? new byte[0] : mine.skipped().getBytes(StandardCharsets.UTF_8);
        List<float[]> gradients = new ArrayList<>();
        long size = 4 + 3 * 8 + 4 + reason.length;
        for (NDArray p : parameters.values()) {
            float[] values = null;
            if (p.hasGradient()) {
                try (NDManager scratch = p.getManager().newSubManager()) {
                    NDArray g = p.getGradient();
                    g.attach(scratch);
                    values = g.toFloatArray();
                }
            }
            gradients.add(values);
            size += 4 + (values == null ? 0 : 4L * values.length);
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("the adapters' gradients (" + size + " bytes) are too large to exchange");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(step);
        out.putDouble(mine.reward());
        out.putDouble(mine.constraint());
        out.putDouble(mine.objective());
        out.putInt(reason.length);
        out.put(reason);
        for (float[] values : gradients) {
            out.putInt(values == null ? -1 : values.length);
            if (values != null) {
                out.asFloatBuffer().put(values);
                out.position(out.position() + 4 * values.length);
            }
        }
        return out.array();
    }
}
