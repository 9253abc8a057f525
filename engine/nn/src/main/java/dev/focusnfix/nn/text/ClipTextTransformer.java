package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.layers.LayerNorm;
import dev.focusnfix.nn.module.Module;
import java.util.Arrays;
import java.util.List;

/**
 * The CLIP text tower ({@code text_model.*}): embeddings, causally masked pre-LN encoder, final layer norm, and
 * pooling at the end-of-text position.
 */
public final class ClipTextTransformer extends Module {

    private final ClipTextConfig config;
    private final ClipTextEmbeddings embeddings;
    private final ClipEncoder encoder;
    private final LayerNorm finalLayerNorm;

    public ClipTextTransformer(ClipTextConfig config) {
        this.config = config;
        ClipEncoderConfig shape = config.encoder();
        this.embeddings = register(
                "embeddings",
                new ClipTextEmbeddings(config.vocabSize(), config.maxPositionEmbeddings(), shape.hiddenSize()));
        this.encoder = register("encoder", new ClipEncoder(shape));
        this.finalLayerNorm = register("final_layer_norm", new LayerNorm(shape.hiddenSize(), shape.layerNormEps()));
    }

    /** Outputs without projection ({@code textEmbeds} is null). */
    public TextEncoderOutput forward(NDArray inputIds) {
        if (inputIds.getShape().dimension() != 2) {
            throw new IllegalArgumentException("input_ids must be [batch, seq], got " + inputIds.getShape());
        }
        NDArray embedded = embeddings.forward(inputIds);
        NDArray mask = causalMask(inputIds.getManager(), inputIds.getShape().get(1), embedded.getDataType());
        List<NDArray> hiddenStates = encoder.forward(embedded, mask);
        mask.close();
        NDArray last = finalLayerNorm.forward(hiddenStates.get(hiddenStates.size() - 1));
        NDArray penultimate = hiddenStates.get(hiddenStates.size() - 2);
        NDArray pooled = pool(last, poolPositions(inputIds));
        return new TextEncoderOutput(last, penultimate, pooled, null, List.copyOf(hiddenStates));
    }

    /** [seq, seq]: 0 on and below the diagonal, -inf above, so position i attends to positions <= i. */
    private static NDArray causalMask(NDManager manager, long seq, DataType dtype) {
        int n = (int) seq;
        float[] values = new float[n * n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(values, i * n + i + 1, (i + 1) * n, Float.NEGATIVE_INFINITY);
        }
        // Owned by libtorch: the caller closes the mask right after the forward pass, before any backward.
        return Scalars.constant(manager, values, new Shape(n, n), dtype);
    }

    /**
     * The end-of-text position of each row. With the legacy {@code eos_token_id} 2, transformers takes the (first)
     * largest id, which is the end token in CLIP vocabularies; otherwise the first position holding
     * {@code eos_token_id} (position 0 when there is none, as argmax over all-false gives).
     */
    int[] poolPositions(NDArray inputIds) {
        long batch = inputIds.getShape().get(0);
        int seq = (int) inputIds.getShape().get(1);
        NDArray asLong = inputIds.getDataType() == DataType.INT64 ? inputIds : inputIds.toType(DataType.INT64, false);
        long[] ids = asLong.toLongArray();
        if (asLong != inputIds) {
            asLong.close();
        }
        int[] positions = new int[(int) batch];
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int s = 0; s < seq; s++) {
                long id = ids[b * seq + s];
                if (config.eosTokenId() == ClipTextConfig.LEGACY_EOS_TOKEN_ID) {
                    if (id > ids[b * seq + best]) {
                        best = s;
                    }
                } else if (id == config.eosTokenId()) {
                    best = s;
                    break;
                }
            }
            positions[b] = best;
        }
        return positions;
    }

    /** Row b of the result is {@code hidden[b, positions[b]]}. */
    private static NDArray pool(NDArray hidden, int[] positions) {
        NDList rows = new NDList(positions.length);
        for (int b = 0; b < positions.length; b++) {
            rows.add(hidden.get(b, positions[b]));
        }
        NDArray pooled = NDArrays.stack(rows);
        rows.close();
        return pooled;
    }
}
