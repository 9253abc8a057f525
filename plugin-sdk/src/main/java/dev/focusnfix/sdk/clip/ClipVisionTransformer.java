package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.focusnfix.nn.layers.LayerNorm;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.text.ClipEncoder;
import dev.focusnfix.nn.text.ClipEncoderConfig;
import java.util.List;

/**
 * The CLIP vision tower ({@code vision_model.*}): patch and position embeddings, {@code pre_layrnorm} (the
 * checkpoints' spelling), the unmasked pre-LN encoder shared with the text tower, and {@code post_layernorm} on the
 * class token.
 */
final class ClipVisionTransformer extends Module {

    private final ClipVisionEmbeddings embeddings;
    private final LayerNorm preLayerNorm;
    private final ClipEncoder encoder;
    private final LayerNorm postLayerNorm;

    public ClipVisionTransformer(ClipVisionConfig config) {
        ClipEncoderConfig shape = config.encoder();
        this.embeddings = register("embeddings", new ClipVisionEmbeddings(config));
        this.preLayerNorm = register("pre_layrnorm", new LayerNorm(shape.hiddenSize(), shape.layerNormEps()));
        this.encoder = register("encoder", new ClipEncoder(shape));
        this.postLayerNorm = register("post_layernorm", new LayerNorm(shape.hiddenSize(), shape.layerNormEps()));
    }

    /** Outputs without projection ({@code imageEmbeds} is null). */
    public ClipVisionOutput forward(NDArray pixelValues) {
        NDArray embedded = embeddings.forward(pixelValues);
        NDArray normed = preLayerNorm.forward(embedded);
        embedded.close();
        List<NDArray> hiddenStates = encoder.forward(normed, null);
        NDArray last = hiddenStates.get(hiddenStates.size() - 1);
        NDArray classToken = last.get(new NDIndex(":, 0, :"));
        NDArray pooled = postLayerNorm.forward(classToken);
        classToken.close();
        return new ClipVisionOutput(last, pooled, null, List.copyOf(hiddenStates));
    }
}
