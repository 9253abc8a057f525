package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;

/**
 * HF {@code CLIPVisionModel} / {@code CLIPVisionModelWithProjection}: the vision tower under {@code vision_model.*}
 * and, when the config asks for it, the bias-free {@code visual_projection} that maps the pooled output to
 * {@code image_embeds}.
 */
@Experimental
public final class ClipVisionModel extends Module {

    /** A buffer some checkpoints store; the positions are implicit, so it is accepted and ignored. */
    static final String POSITION_IDS_KEY = "vision_model.embeddings.position_ids";

    private final ClipVisionConfig config;
    private final ClipVisionTransformer visionModel;
    private final Linear visualProjection;

    public ClipVisionModel(ClipVisionConfig config) {
        this.config = config;
        this.visionModel = register("vision_model", new ClipVisionTransformer(config));
        this.visualProjection = config.withProjection()
                ? register(
                        "visual_projection", new Linear(config.encoder().hiddenSize(), config.projectionDim(), false))
                : null;
    }

    /**
     * Builds the model from {@code folder/config.json} and loads {@code model.safetensors} (or the sharded or variant
     * form), insisting that every tensor of the checkpoint is used.
     */
    public static ClipVisionModel load(Path folder, NDManager manager, DataType dtype) throws IOException {
        ClipVisionModel model = new ClipVisionModel(ClipVisionConfig.read(folder.resolve("config.json")));
        model.loadComponent(folder, null, manager, dtype);
        return model;
    }

    /**
     * Fills every parameter from a checkpoint in the transformers key layout ({@code vision_model.*},
     * {@code visual_projection.weight}) and marks the optional {@code position_ids} buffer used. A CLIPModel
     * checkpoint also works; its text keys are left for the text tower.
     */
    @Override
    public void loadWeights(StateDict weights) {
        super.loadWeights(weights);
        if (weights.contains(POSITION_IDS_KEY)) {
            weights.markUsed(POSITION_IDS_KEY);
        }
    }

    public ClipVisionConfig config() {
        return config;
    }

    /** Whether {@link #forward} fills {@code imageEmbeds}. */
    public boolean hasProjection() {
        return visualProjection != null;
    }

    /**
     * @param pixelValues preprocessed pixels [N, C, imageSize, imageSize] (see {@link ClipImageProcessor})
     * @return the tower's outputs, in the pixels' manager
     */
    public ClipVisionOutput forward(NDArray pixelValues) {
        ClipVisionOutput tower = visionModel.forward(pixelValues);
        if (visualProjection == null) {
            return tower;
        }
        NDArray imageEmbeds = visualProjection.forward(tower.pooledOutput());
        return new ClipVisionOutput(tower.lastHiddenState(), tower.pooledOutput(), imageEmbeds, tower.hiddenStates());
    }
}
