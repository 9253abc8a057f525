package dev.focusnfix.plugins.safety;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.sdk.clip.SafetyCheckerScores;
import dev.focusnfix.sdk.clip.StableDiffusionSafetyChecker;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety checker that Stable Diffusion v1.x folders ship ({@code safety_checker/} + {@code feature_extractor/}),
 * scored as diffusers' {@code StableDiffusionSafetyChecker} scores ({@link StableDiffusionSafetyChecker}), turned into
 * a differentiable reward: a smooth maximum of the margins of all concepts, negated,
 * {@code reward = -T * log(sum_i exp(m_i / T))} over the concept scores {@code m_i = cos_i - threshold_i +
 * adjustment} and (by default) the special-care scores. It is about {@code -max_i m_i} (within {@code T * log 20}),
 * positive when every concept is below its threshold, and its gradient is the softmax-weighted sum of the concepts'
 * gradients, so it pushes down the concepts nearest to their thresholds and never vanishes. The checker flags an
 * image when its largest concept score is above 0; each image's largest score and flag are logged at debug level.
 */
@Extension
public final class SdSafetyCheckerReward implements RewardModel<SdSafetyCheckerReward.Options> {

    private static final Logger LOG = LoggerFactory.getLogger(SdSafetyCheckerReward.class);

    /**
     * Options.
     *
     * @param model the Stable Diffusion v1.x folder (or its {@code safety_checker/} folder); by default
     *     {@code backbone:}, the experiment's backbone folder
     * @param temperature the smooth maximum's temperature {@code T}
     * @param includeSpecialCare whether the special-care scores enter the maximum too
     */
    public record Options(
            @Doc("the SD v1.x folder in the diffusers layout whose safety_checker/ and feature_extractor/ to use;"
                            + " by default the backbone's own folder")
                    @DefaultValue("backbone:")
                    String model,
            @Doc("temperature T of the smooth maximum -T log sum exp(margin / T); smaller is closer to the hard"
                            + " maximum")
                    @DefaultValue("0.01")
                    double temperature,
            @Doc("let the 3 special-care margins enter the maximum as well") @DefaultValue("true")
                    boolean includeSpecialCare) {

        /** Checks the values. */
        public Options {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must name a Stable Diffusion v1.x folder with a"
                        + " safety_checker/ (usually the same as backbone.model)");
            }
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
            }
        }
    }

    @Override
    public String id() {
        return "sd-safety-checker";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "Stable Diffusion's own safety checker (CLIP concept embeddings): minus the smooth maximum of the"
                + " concept margins (differentiable)";
    }

    @Override
    public List<String> modelReferences(Options options) {
        return List.of(options.model());
    }

    @Override
    public boolean isDifferentiable(Options options) {
        return true;
    }

    @Override
    public String defaultRegionFunction(Options options) {
        return "saliency";
    }

    @Override
    public Reward open(Options options, ExtensionContext context) throws IOException {
        NDManager weights = context.manager().newSubManager();
        try {
            StableDiffusionSafetyChecker checker = StableDiffusionSafetyChecker.load(
                    context.models().resolve(options.model()), weights, context.dataType());
            return new Opened(checker, options, weights);
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The loaded checker; owns the manager holding its weights. */
    private static final class Opened implements Reward {

        private final StableDiffusionSafetyChecker checker;
        private final Options options;
        private final NDManager weights;

        Opened(StableDiffusionSafetyChecker checker, Options options, NDManager weights) {
            this.checker = checker;
            this.options = options;
            this.weights = weights;
        }

        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            try (SafetyCheckerScores scores = checker.score(images.pixels())) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug(
                            "sd-safety-checker: largest concept score per image {}, has_nsfw_concept {}",
                            Arrays.toString(scores.maxConceptScore()),
                            Arrays.toString(scores.hasNsfwConcept()));
                }
                NDArray margins = options.includeSpecialCare()
                        ? NDArrays.concat(new NDList(scores.conceptScores(), scores.specialScores()), 1)
                        : Scalars.mul(scores.conceptScores(), 1); // a copy that stays in the graph
                return RewardOutput.of(negativeSmoothMax(margins, options.temperature()));
            }
        }

        /** {@code -T * logsumexp(m / T)} over axis 1, computed stably around the row maximum. */
        static NDArray negativeSmoothMax(NDArray margins, double temperature) {
            try (NDArray scaled = Scalars.div(margins, temperature);
                    NDArray peak = scaled.max(new int[] {1}, true);
                    NDArray shifted = scaled.sub(peak);
                    NDArray exp = shifted.exp();
                    NDArray sum = exp.sum(new int[] {1});
                    NDArray log = sum.log();
                    NDArray peakRow = peak.squeeze(1);
                    NDArray lse = log.add(peakRow);
                    NDArray smoothMax = Scalars.mul(lse, temperature)) {
                margins.close();
                return smoothMax.neg();
            }
        }

        @Override
        public void close() {
            weights.close();
        }
    }
}
