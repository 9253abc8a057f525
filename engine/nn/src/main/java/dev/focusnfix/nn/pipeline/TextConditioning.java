package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;

/**
 * Encoded prompts of a {@link LatentDiffusionPipeline}: text embeddings for the unconditional and conditional
 * branches, stored batched as {@code [uncond; cond]} (what one guided UNet call consumes), and for SDXL the pooled
 * embeddings and the size conditioning. The tensors live in a manager of their own (a sub-manager of the one the
 * prompts were encoded for) and are released by {@link #close()}.
 */
public final class TextConditioning implements Conditioning {

    private final NDManager manager;
    private final int batchSize;
    private final NDArray guidedContext;
    private final NDArray uncondContext;
    private final NDArray condContext;
    private final NDArray guidedPooled;
    private final NDArray uncondPooled;
    private final NDArray condPooled;
    private final SizeConditioning size;

    private TextConditioning(
            NDManager manager, int batchSize, NDArray guidedContext, NDArray guidedPooled, SizeConditioning size) {
        this.manager = manager;
        this.batchSize = batchSize;
        this.guidedContext = guidedContext;
        this.uncondContext = half(guidedContext, ":" + batchSize, manager);
        this.condContext = half(guidedContext, batchSize + ":", manager);
        this.guidedPooled = guidedPooled;
        this.uncondPooled = guidedPooled == null ? null : half(guidedPooled, ":" + batchSize, manager);
        this.condPooled = guidedPooled == null ? null : half(guidedPooled, batchSize + ":", manager);
        this.size = size;
    }

    /**
     * @param manager owns every array; closed by {@link #close()}
     * @param guidedContext [2n, L, D]: the n unconditional rows, then the n conditional rows
     * @param guidedPooled [2n, P] in the same order, or null when the model takes no pooled embedding
     */
    static TextConditioning of(NDManager manager, NDArray guidedContext, NDArray guidedPooled, SizeConditioning size) {
        long rows = guidedContext.getShape().get(0);
        if (rows % 2 != 0) {
            throw new IllegalArgumentException("guided context needs [uncond; cond] rows, got " + rows);
        }
        return new TextConditioning(manager, (int) (rows / 2), guidedContext, guidedPooled, size);
    }

    private static NDArray half(NDArray guided, String rows, NDManager manager) {
        NDArray half = guided.get(rows);
        half.attach(manager);
        return half;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /** Text embeddings of both branches, [2n, L, D]: unconditional rows first. */
    public NDArray guidedContext() {
        return guidedContext;
    }

    /** Text embeddings of the prompts, [n, L, D]. */
    public NDArray conditionalContext() {
        return condContext;
    }

    /** Text embeddings of the negative prompts, [n, L, D]. */
    public NDArray unconditionalContext() {
        return uncondContext;
    }

    /** Pooled embeddings of both branches [2n, P], or null. */
    public NDArray guidedPooled() {
        return guidedPooled;
    }

    /** Pooled embeddings of the prompts [n, P], or null. */
    public NDArray conditionalPooled() {
        return condPooled;
    }

    /** Pooled embeddings of the negative prompts [n, P], or null. */
    public NDArray unconditionalPooled() {
        return uncondPooled;
    }

    /** SDXL's size conditioning (ignored by models without it). */
    public SizeConditioning sizeConditioning() {
        return size;
    }

    /** The manager holding the tensors. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
