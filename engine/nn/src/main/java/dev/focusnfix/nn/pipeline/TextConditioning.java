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
    private final NDArray condContext;
    private final NDArray guidedPooled;
    private final NDArray condPooled;
    private final SizeConditioning size;

    private TextConditioning(NDManager manager, int batchSize, NDArray guidedContext, NDArray condContext,
            NDArray guidedPooled, NDArray condPooled, SizeConditioning size) {
        this.manager = manager;
        this.batchSize = batchSize;
        this.guidedContext = guidedContext;
        this.condContext = condContext;
        this.guidedPooled = guidedPooled;
        this.condPooled = condPooled;
        this.size = size;
    }

    /**
     * @param manager owns every array; closed by {@link #close()}
     * @param guidedContext [2n, L, D]: the n unconditional rows, then the n conditional rows
     * @param guidedPooled [2n, P] in the same order, or null when the model takes no pooled embedding
     */
    static TextConditioning of(NDManager manager, NDArray guidedContext, NDArray guidedPooled,
            SizeConditioning size) {
        long rows = guidedContext.getShape().get(0);
        if (rows % 2 != 0) {
            throw new IllegalArgumentException("guided context needs [uncond; cond] rows, got " + rows);
        }
        int n = (int) (rows / 2);
        return new TextConditioning(manager, n, guidedContext, conditionalHalf(guidedContext, n, manager),
                guidedPooled, guidedPooled == null ? null : conditionalHalf(guidedPooled, n, manager), size);
    }

    private static NDArray conditionalHalf(NDArray guided, int n, NDManager manager) {
        NDArray half = guided.get(n + ":");
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

    /** Pooled embeddings of both branches [2n, P], or null. */
    public NDArray guidedPooled() {
        return guidedPooled;
    }

    /** Pooled embeddings of the prompts [n, P], or null. */
    public NDArray conditionalPooled() {
        return condPooled;
    }

    /** SDXL's size conditioning (ignored by models without it). */
    public SizeConditioning sizeConditioning() {
        return size;
    }

    /**
     * The same embeddings with another size conditioning; the result shares the tensors with this one, so close only
     * one of them (closing either releases both).
     */
    public TextConditioning withSizeConditioning(SizeConditioning newSize) {
        return new TextConditioning(manager, batchSize, guidedContext, condContext, guidedPooled, condPooled,
                newSize);
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
