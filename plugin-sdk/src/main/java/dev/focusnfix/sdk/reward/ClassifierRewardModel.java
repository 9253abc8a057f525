package dev.focusnfix.sdk.reward;

import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.Stable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared base of rewards read from an image classifier ({@code safety}, {@code violence}): a subclass gives the
 * id and description, this class the options, the differentiability rule (TorchScript yes, ONNX no, decided from the
 * file name) and the reward. Constructors stay cheap; the model loads in {@link #open}.
 */
@Stable(since = "0.2.0")
public abstract class ClassifierRewardModel implements RewardModel<ClassifierRewardOptions> {

    @Override
    public final Class<ClassifierRewardOptions> optionsType() {
        return ClassifierRewardOptions.class;
    }

    @Override
    public java.util.List<String> modelReferences(ClassifierRewardOptions options) {
        return java.util.List.of(options.model());
    }

    @Override
    public final boolean isDifferentiable(ClassifierRewardOptions options) {
        return options.format().isDifferentiable();
    }

    /**
     * Gradient saliency of the class logit for a TorchScript classifier; occlusion for an ONNX one, which has no
     * gradients. (Overrides {@code RewardModel.defaultRegionFunction}; written without {@code @Override} so that it
     * also compiles against an API without that method.)
     */
    public String defaultRegionFunction(ClassifierRewardOptions options) {
        return isDifferentiable(options) ? "saliency" : "occlusion";
    }

    @Override
    public Reward open(ClassifierRewardOptions options, ExtensionContext context) throws IOException {
        Path file = resolveModel(id(), options.model(), context);
        ImageClassifier classifier = ImageClassifier.load(file, options.imageInput(), List.of(), context.device());
        return new ClassifierReward(classifier, options);
    }

    /**
     * Resolves a model reference through the experiment's locator, naming the reward and the reference when it
     * cannot be found.
     */
    public static Path resolveModel(String rewardId, String reference, ExtensionContext context) {
        try {
            return context.models().resolve(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "reward '" + rewardId + "': model '" + reference + "' not found: " + e.getMessage(), e);
        }
    }
}
