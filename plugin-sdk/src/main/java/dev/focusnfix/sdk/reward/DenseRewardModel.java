package dev.focusnfix.sdk.reward;

import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.Stable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shared base of rewards read from a dense model, one that returns an image score and a per-pixel heatmap
 * ({@code artifact}, {@code misalignment}, after the rich-human-feedback models): a subclass gives the id, the
 * description and its options record, this class the differentiability rule (TorchScript yes, ONNX no, decided
 * from the file name), the heatmap region function and the reward ({@link DenseReward}). Constructors stay cheap;
 * the model loads in {@link #open}.
 *
 * @param <O> the plugin's options record
 */
@Stable(since = "0.2.0")
public abstract class DenseRewardModel<O extends DenseRewardOptions> implements RewardModel<O> {

    @Override
    public java.util.List<String> modelReferences(O options) {
        return java.util.List.of(options.model());
    }

    @Override
    public final boolean isDifferentiable(O options) {
        return options.format().isDifferentiable();
    }

    @Override
    public final boolean providesHeatmap(O options) {
        return true;
    }

    /** The model's own heatmap, thresholded. */
    @Override
    public String defaultRegionFunction(O options) {
        return "heatmap";
    }

    @Override
    public Reward open(O options, ExtensionContext context) throws IOException {
        Path file = ClassifierRewardModel.resolveModel(id(), options.model(), context);
        ImageClassifier model =
                ImageClassifier.load(file, options.imageInput(), options.outputNames(), context.device());
        return new DenseReward(model, options);
    }
}
