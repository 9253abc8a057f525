package dev.focusnfix.plugins.alignment;

import ai.djl.ndarray.NDArray;
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
import dev.focusnfix.sdk.clip.AestheticPredictor;
import dev.focusnfix.sdk.clip.ClipModel;
import java.io.IOException;
import org.pf4j.Extension;

/**
 * The aesthetic reward of DRaFT: the LAION aesthetic predictor (a linear stack) applied to the L2-normalised CLIP
 * image embedding. The prompt is not used. The published predictor pairs with CLIP ViT-L/14; its weights must be
 * converted to {@code .safetensors} with the original keys ({@code layers.<i>.weight}, {@code layers.<i>.bias}).
 */
@Extension
public final class AestheticReward implements RewardModel<AestheticReward.Options> {

    /**
     * Options.
     *
     * @param model the CLIP model folder in the Hugging Face CLIPModel layout
     * @param head the aesthetic predictor weights
     * @param scale multiplies the predicted score
     */
    public record Options(
            @Doc("CLIP model folder in the Hugging Face CLIPModel layout (a path or builtin:NAME)") String model,
            @Doc("aesthetic predictor weights (.safetensors with layers.<i>.weight/bias)") String head,
            @Doc("multiplies the predicted aesthetic score") @DefaultValue("1.0") float scale) {

        /** Checks the references. */
        public Options {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must name a CLIP model folder");
            }
            if (head == null || head.isBlank()) {
                throw new IllegalArgumentException("head must name the aesthetic predictor weights");
            }
        }
    }

    @Override
    public String id() {
        return "aesthetic";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "LAION aesthetic predictor on CLIP image embeddings (DRaFT's reward, differentiable)";
    }

    @Override
    public java.util.List<String> modelReferences(Options options) {
        return java.util.List.of(options.model(), options.head());
    }

    @Override
    public boolean isDifferentiable(Options options) {
        return true;
    }

    @Override
    public Reward open(Options options, ExtensionContext context) throws IOException {
        return OpenedClipReward.open(options.model(), context, (clip, weights) -> {
            AestheticPredictor predictor =
                    AestheticPredictor.load(context.models().resolve(options.head()), weights, context.dataType());
            int projection = clip.visionModel().config().projectionDim();
            if (predictor.inputDim() != projection) {
                throw new IllegalArgumentException("the aesthetic head " + options.head() + " takes "
                        + predictor.inputDim() + "-dimensional embeddings but the CLIP model " + options.model()
                        + " gives " + projection + "; use the CLIP model the head was trained on");
            }
            return new Opened(clip, predictor, options.scale(), weights);
        });
    }

    /** The loaded reward; owns the manager holding the CLIP and head weights. */
    private static final class Opened extends OpenedClipReward {

        private final AestheticPredictor predictor;
        private final float scale;

        Opened(ClipModel clip, AestheticPredictor predictor, float scale, NDManager weights) {
            super(clip, weights);
            this.predictor = predictor;
            this.scale = scale;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray imageEmbeds = clip.encodeImages(images.pixels());
            NDArray aesthetic = predictor.score(imageEmbeds);
            imageEmbeds.close();
            if (scale == 1f) {
                return RewardOutput.of(aesthetic);
            }
            NDArray reward = Scalars.mul(aesthetic, scale);
            aesthetic.close();
            return RewardOutput.of(reward);
        }
    }
}
