package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Experimental;
import java.util.List;

/**
 * What the vision tower returns for pixel values [N, C, H, W]; all arrays live in the pixels' manager.
 *
 * @param lastHiddenState [N, tokens, hidden], the last layer's output (no final norm, as transformers returns it)
 * @param pooledOutput [N, hidden], the class token of {@code lastHiddenState} through {@code post_layernorm}
 * @param imageEmbeds [N, projection], {@code pooledOutput} through {@code visual_projection}; null without one
 * @param hiddenStates transformers' {@code hidden_states}: the pre-normed embeddings, then each layer's output
 */
@Experimental
public record ClipVisionOutput(
        NDArray lastHiddenState, NDArray pooledOutput, NDArray imageEmbeds, List<NDArray> hiddenStates) {}
