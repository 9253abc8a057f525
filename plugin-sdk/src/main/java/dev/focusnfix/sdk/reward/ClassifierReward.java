package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.tensor.Scalars;

/**
 * {@code reward = scale x objective(targetClass)} from a loaded classifier, one value per image. The saliency score
 * is {@code scale x margin(targetClass)} (the target logit minus the largest other one; the logit itself for a
 * sigmoid), the pre-squash score oriented like the reward, whose input gradient does not vanish where the softmax
 * saturates and, unlike the raw logit, ignores features that raise every logit alike; with the logit-margin objective the reward is already pre-squash and no
 * separate saliency score is returned. Prompts are ignored.
 */
@Experimental
public final class ClassifierReward implements Reward {

    private final ImageClassifier classifier;
    private final OutputRef output;
    private final int targetClass;
    private final ClassObjective objective;
    private final ClassActivation activation;
    private final float scale;

    /** A reward over an opened classifier, which it closes. */
    public ClassifierReward(ImageClassifier classifier, ClassifierRewardOptions options) {
        this.classifier = classifier;
        this.output = options.outputRef();
        this.targetClass = options.targetClass();
        this.objective = options.objective();
        this.activation = options.activation();
        this.scale = options.scale();
    }

    @Override
    public boolean isDifferentiable() {
        return classifier.isDifferentiable();
    }

    @Override
    public RewardOutput score(ImageBatch images, PromptBatch prompts) {
        try (ScratchScope scope = ScratchScope.around(images.pixels())) {
            NDList outputs = classifier.forward(images.pixels());
            NDArray logits = output.select(outputs);
            NDArray reward = Scalars.mul(objective.of(logits, targetClass, activation), scale);
            NDArray saliency =
                    objective.isPreSquash() ? null : Scalars.mul(activation.margin(logits, targetClass), scale);
            return new RewardOutput(scope.keep(reward), scope.keep(saliency), null);
        }
    }

    /** The classifier the reward reads. */
    public ImageClassifier classifier() {
        return classifier;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
