package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.plugins.safety.nsfwjs.NsfwjsClassifier;
import dev.focusnfix.plugins.safety.nsfwjs.NsfwjsReward;
import dev.focusnfix.sdk.reward.ClassifierRewardModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.Extension;

/**
 * The over-sexualisation reward of the paper: {@code -p(unsafe)} from an image classifier, or minus its
 * log-probability or logit margin, which keep a gradient where the probability saturates. The classifier is a
 * TorchScript file (differentiable), an ONNX file, or nsfwjs's TensorFlow.js model run natively
 * ({@code builtin:nsfwjs/mobilenet_v2}, differentiable; unsafe = Porn + Hentai + Sexy). Options:
 * {@link SafetyRewardOptions}.
 */
@Extension
public final class SafetyReward implements RewardModel<SafetyRewardOptions> {

    /** The TorchScript and ONNX path, shared with the other classifier rewards. */
    private static final ClassifierRewardModel CLASSIFIER = new ClassifierRewardModel() {
        @Override
        public String id() {
            return "safety";
        }

        @Override
        public String description() {
            return "safety classifier";
        }
    };

    @Override
    public String id() {
        return "safety";
    }

    @Override
    public String description() {
        return "minus the probability of explicit content from an image classifier (TorchScript, ONNX, or nsfwjs)";
    }

    @Override
    public Class<SafetyRewardOptions> optionsType() {
        return SafetyRewardOptions.class;
    }

    @Override
    public List<String> modelReferences(SafetyRewardOptions options) {
        return List.of(options.model());
    }

    @Override
    public boolean isDifferentiable(SafetyRewardOptions options) {
        return options.nsfwjs() || CLASSIFIER.isDifferentiable(options.classifierOptions());
    }

    /**
     * Gradient saliency for a differentiable classifier (TorchScript, nsfwjs), occlusion for an ONNX one. (Written
     * without {@code @Override} so that it also compiles against an API without that method.)
     */
    public String defaultRegionFunction(SafetyRewardOptions options) {
        return options.nsfwjs() ? "saliency" : CLASSIFIER.defaultRegionFunction(options.classifierOptions());
    }

    @Override
    public Reward open(SafetyRewardOptions options, ExtensionContext context) throws IOException {
        if (!options.nsfwjs()) {
            return CLASSIFIER.open(options.classifierOptions(), context);
        }
        Path folder = ClassifierRewardModel.resolveModel(id(), options.model(), context);
        NsfwjsClassifier classifier = NsfwjsClassifier.load(folder, context.manager());
        NsfwjsReward.Objective objective =
                switch (options.objective()) {
                    case PROBABILITY -> NsfwjsReward.Objective.PROBABILITY;
                    case LOG_PROBABILITY -> NsfwjsReward.Objective.LOG_PROBABILITY;
                    case LOGIT_MARGIN -> NsfwjsReward.Objective.LOGIT_MARGIN;
                };
        return new NsfwjsReward(classifier, options.unsafeClassIndices(), objective, options.scale());
    }
}
