package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.layers.Embedding;
import dev.focusnfix.nn.layers.InputScope;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;

/**
 * The vision tower's token embeddings: non-overlapping patches through a bias-free convolution
 * ({@code patch_embedding}), a learned {@code class_embedding} token in front, plus learned absolute
 * {@code position_embedding}s.
 */
final class ClipVisionEmbeddings extends Module {

    private final ClipVisionConfig config;
    private final Parameter classEmbedding;
    private final Conv2d patchEmbedding;
    private final Embedding positionEmbedding;

    public ClipVisionEmbeddings(ClipVisionConfig config) {
        this.config = config;
        int hidden = config.encoder().hiddenSize();
        // Registration order follows the checkpoints' module order.
        this.classEmbedding = parameter("class_embedding", hidden);
        this.patchEmbedding = register(
                "patch_embedding",
                new Conv2d(config.numChannels(), hidden, config.patchSize(), config.patchSize(), 0, false));
        this.positionEmbedding = register("position_embedding", new Embedding(config.numPositions(), hidden));
    }

    /** pixel values [N, C, imageSize, imageSize] -> tokens [N, 1 + patches, hidden], in the pixels' manager. */
    public NDArray forward(NDArray pixelValues) {
        Shape shape = pixelValues.getShape();
        int size = config.imageSize();
        if (shape.dimension() != 4
                || shape.get(1) != config.numChannels()
                || shape.get(2) != size
                || shape.get(3) != size) {
            throw new IllegalArgumentException("pixel values must be [N, " + config.numChannels() + ", " + size + ", "
                    + size + "] (the config's image_size), got " + shape);
        }
        long batch = shape.get(0);
        long hidden = config.encoder().hiddenSize();
        NDArray grid = patchEmbedding.forward(pixelValues);
        NDArray patches = grid.reshape(batch, hidden, -1).transpose(0, 2, 1);
        grid.close();
        NDArray classToken = InputScope.adopt(classEmbedding.array().reshape(1, 1, hidden), pixelValues);
        NDArray classTokens = classToken.broadcast(batch, 1, hidden);
        NDArray tokens = NDArrays.concat(new NDList(classTokens, patches), 1);
        classToken.close();
        classTokens.close();
        patches.close();
        // The positions are 0 .. numPositions-1 in order, so the whole table is added.
        NDArray embedded = tokens.add(positionEmbedding.weight().array());
        tokens.close();
        return embedded;
    }
}
