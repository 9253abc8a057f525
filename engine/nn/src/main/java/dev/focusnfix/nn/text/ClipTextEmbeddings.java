package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.nn.layers.Embedding;
import dev.focusnfix.nn.module.Module;

/** Token plus learned absolute position embeddings ({@code token_embedding}, {@code position_embedding}). */
public final class ClipTextEmbeddings extends Module {

    private final Embedding tokenEmbedding;
    private final Embedding positionEmbedding;
    private final int maxPositions;

    public ClipTextEmbeddings(int vocabSize, int maxPositions, int hiddenSize) {
        this.maxPositions = maxPositions;
        this.tokenEmbedding = register("token_embedding", new Embedding(vocabSize, hiddenSize));
        this.positionEmbedding = register("position_embedding", new Embedding(maxPositions, hiddenSize));
    }

    /** ids [batch, seq] -> [batch, seq, hidden]; positions are 0 .. seq-1. */
    public NDArray forward(NDArray inputIds) {
        return sum(tokenEmbedding, positionEmbedding, maxPositions, inputIds);
    }

    /**
     * Token plus absolute position embeddings of ids [batch, seq], positions 0 .. seq-1 (also LDMBert's, whose
     * tables have other names).
     */
    static NDArray sum(Embedding tokenEmbedding, Embedding positionEmbedding, int maxPositions, NDArray inputIds) {
        long seq = inputIds.getShape().get(1);
        if (seq > maxPositions) {
            throw new IllegalArgumentException(
                    "Sequence length " + seq + " exceeds max_position_embeddings " + maxPositions);
        }
        NDArray tokens = tokenEmbedding.forward(inputIds);
        NDArray positionIds = inputIds.getManager().arange(0, (int) seq, 1, DataType.INT64);
        NDArray positions = positionEmbedding.forward(positionIds);
        positionIds.close();
        NDArray sum = tokens.add(positions);
        tokens.close();
        positions.close();
        return sum;
    }
}
