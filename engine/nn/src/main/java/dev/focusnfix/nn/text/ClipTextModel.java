package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;

/**
 * HF {@code CLIPTextModel} / {@code CLIPTextModelWithProjection}: the text tower under {@code text_model.*} and, when
 * the config asks for it, the bias-free {@code text_projection} that maps the pooled output to {@code text_embeds}.
 */
public final class ClipTextModel extends Module implements TextEncoder {

    /** A buffer some checkpoints store; the positions are recomputed, so it is accepted and ignored. */
    static final String POSITION_IDS_KEY = "text_model.embeddings.position_ids";

    private final ClipTextConfig config;
    private final ClipTextTransformer textModel;
    private final Linear textProjection;

    public ClipTextModel(ClipTextConfig config) {
        this.config = config;
        this.textModel = register("text_model", new ClipTextTransformer(config));
        this.textProjection = config.withProjection()
                ? register("text_projection", new Linear(config.encoder().hiddenSize(), config.projectionDim(), false))
                : null;
    }

    /**
     * Builds the model from {@code folder/config.json} and loads {@code model.safetensors} (or the sharded or variant
     * form), insisting that every tensor of the checkpoint is used.
     */
    public static ClipTextModel load(Path folder, NDManager manager, DataType dtype) throws IOException {
        return load(folder, null, manager, dtype);
    }

    /** As {@link #load(Path, NDManager, DataType)} with a weight variant such as {@code "fp16"} (or null). */
    public static ClipTextModel load(Path folder, String variant, NDManager manager, DataType dtype)
            throws IOException {
        ClipTextModel model = new ClipTextModel(ClipTextConfig.read(folder.resolve("config.json")));
        model.loadComponent(folder, variant, manager, dtype);
        return model;
    }

    /**
     * Fills every parameter from a checkpoint in the transformers key layout ({@code text_model.*},
     * {@code text_projection.weight}) and marks the optional {@code position_ids} buffer used. A CLIPModel checkpoint
     * also works; its vision keys are left unused for the vision tower to claim.
     */
    @Override
    public void loadWeights(StateDict weights) {
        super.loadWeights(weights);
        if (weights.contains(POSITION_IDS_KEY)) {
            weights.markUsed(POSITION_IDS_KEY);
        }
    }

    public ClipTextConfig config() {
        return config;
    }

    @Override
    public int hiddenSize() {
        return config.encoder().hiddenSize();
    }

    @Override
    public int maxPositions() {
        return config.maxPositionEmbeddings();
    }

    /** Whether {@link #forward} fills {@code textEmbeds}. */
    public boolean hasProjection() {
        return textProjection != null;
    }

    @Override
    public TextEncoderOutput forward(NDArray inputIds) {
        TextEncoderOutput tower = textModel.forward(inputIds);
        if (textProjection == null) {
            return tower;
        }
        NDArray textEmbeds = textProjection.forward(tower.pooledOutput());
        return new TextEncoderOutput(
                tower.lastHiddenState(),
                tower.penultimateHiddenState(),
                tower.pooledOutput(),
                textEmbeds,
                tower.hiddenStates());
    }
}
