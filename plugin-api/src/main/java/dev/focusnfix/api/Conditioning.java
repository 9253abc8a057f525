package dev.focusnfix.api;

/**
 * Encoded prompts as a backbone needs them (text embeddings of the conditional and unconditional branches, pooled
 * embeddings, micro-conditioning). Opaque to everything but the backbone that made it.
 */
@Stable(since = "0.1.0")
public interface Conditioning extends AutoCloseable {

    /** The number of prompts encoded. */
    int batchSize();

    /** Releases the tensors. */
    @Override
    void close();
}
