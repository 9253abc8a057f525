package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.image.Resize;

/**
 * {@code reward = scale x score} from a dense model's score output, with its heatmap brought to the image size
 * (bilinear) and into [0,1], detached: the heatmap feeds region functions, never gradients. When the score
 * activation squashes (sigmoid), the saliency score is {@code scale x raw output}, whose gradient does not vanish
 * where the sigmoid saturates. The model sees the images only; prompts are ignored.
 */
@Experimental
public final class DenseReward implements Reward {

    private final ImageClassifier model;
    private final OutputRef scoreOutput;
    private final OutputRef heatmapOutput;
    private final ScoreActivation scoreActivation;
    private final ScoreActivation heatmapActivation;
    private final float scale;

    /** A reward over an opened dense model, which it closes. */
    public DenseReward(ImageClassifier model, DenseRewardOptions options) {
        this.model = model;
        this.scoreOutput = OutputRef.parse(options.scoreOutput());
        this.heatmapOutput = OutputRef.parse(options.heatmapOutput());
        this.scoreActivation = options.scoreActivation();
        this.heatmapActivation = options.heatmapActivation();
        this.scale = options.scale();
    }

    @Override
    public boolean isDifferentiable() {
        return model.isDifferentiable();
    }

    @Override
    public RewardOutput score(ImageBatch images, PromptBatch prompts) {
        try (ScratchScope scope = ScratchScope.around(images.pixels())) {
            NDList outputs = model.forward(images.pixels());
            NDArray rawScore = perImage(scoreOutput.select(outputs), images.size());
            NDArray reward = Scalars.mul(scoreActivation.apply(rawScore), scale);
            NDArray saliency = scoreActivation.squashes() ? Scalars.mul(rawScore, scale) : null;
            NDArray heatmap = heatmap(heatmapOutput.select(outputs), images);
            return new RewardOutput(scope.keep(reward), scope.keep(saliency), scope.keep(heatmap));
        }
    }

    /** The dense model the reward reads. */
    public ImageClassifier model() {
        return model;
    }

    /** A score output of shape {@code [N]} or {@code [N, 1]} as {@code [N]}. */
    private NDArray perImage(NDArray score, int n) {
        if (score.getShape().size() != n) {
            throw new IllegalArgumentException("score output " + scoreOutput + " of " + model.file()
                    + " must hold one value per image (" + n + "), got shape " + score.getShape());
        }
        return score.reshape(n);
    }

    /** The heatmap as {@code [N, 1, H, W]} at the image size, in [0,1], without gradient. */
    private NDArray heatmap(NDArray output, ImageBatch images) {
        Shape shape = output.getShape();
        int n = images.size();
        boolean singleChannel = shape.dimension() == 4 && shape.get(1) == 1 || shape.dimension() == 3;
        if (shape.get(0) != n || !singleChannel) {
            throw new IllegalArgumentException("heatmap output " + heatmapOutput + " of " + model.file()
                    + " must have shape [N, 1, h, w] or [N, h, w] with N = " + n + ", got " + shape);
        }
        long h = shape.get(shape.dimension() - 2);
        long w = shape.get(shape.dimension() - 1);
        NDArray map = heatmapActivation.apply(output.stopGradient()).reshape(n, 1, h, w);
        if (h != images.height() || w != images.width()) {
            map = Resize.bilinear(map, images.height(), images.width());
        }
        return map.clip(0f, 1f);
    }

    @Override
    public void close() {
        model.close();
    }
}
