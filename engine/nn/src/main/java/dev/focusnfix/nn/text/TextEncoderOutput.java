package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What a text encoder returns for input ids [batch, seq]; all arrays live in the ids' manager.
 *
 * @param lastHiddenState [batch, seq, hidden], after the final layer norm
 * @param penultimateHiddenState [batch, seq, hidden], output of the second-to-last layer without final norm
 *     (transformers' {@code hidden_states[-2]}, what SDXL conditions on); null where the model has no such output
 * @param pooledOutput [batch, hidden], the final-norm state at the end-of-text position; null for LDMBert
 * @param textEmbeds [batch, projection], {@code pooledOutput} through {@code text_projection}; null without a
 *     projection
 * @param hiddenStates transformers' {@code hidden_states}: embeddings, then each layer's output (no final norm)
 */
public record TextEncoderOutput(
        NDArray lastHiddenState,
        NDArray penultimateHiddenState,
        NDArray pooledOutput,
        NDArray textEmbeds,
        List<NDArray> hiddenStates) {}
