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
import dev.focusnfix.sdk.clip.ClipModel;
import java.io.IOException;
import org.pf4j.Extension;

/**
 * CLIP score: {@code scale * cos(E_image(x), E_text(prompt))}, optionally also times {@code exp(logit_scale)} (which
 * gives CLIPModel's {@code logits_per_image} diagonal). Higher means the image matches its prompt better.
 */
@Extension
public final class ClipScoreReward implements RewardModel<ClipScoreReward.Options> {

    /**
     * Options.
     *
     * @param model the CLIP model folder in the Hugging Face CLIPModel layout
     * @param scale multiplies the cosine similarity
     * @param useLogitScale whether to multiply by the model's {@code exp(logit_scale)} as well
     */
    public record Options(
            @Doc("CLIP model folder in the Hugging Face CLIPModel layout (a path or builtin:NAME)") String model,
            @Doc("multiplies the cosine similarity (CLIPScore uses 2.5, many papers 100)") @DefaultValue("1.0")
                    float scale,
            @Doc("also multiply by exp(logit_scale), as CLIPModel's logits_per_image") @DefaultValue("false")
                    boolean useLogitScale) {

        /** Checks the model reference. */
        public Options {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must name a CLIP model folder");
            }
        }
    }

    @Override
    public String id() {
        return "clip-score";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "CLIP score: cosine similarity of image and prompt embeddings (differentiable)";
    }

    @Override
    public java.util.List<String> modelReferences(Options options) {
        return java.util.List.of(options.model());
    }

    @Override
    public boolean isDifferentiable(Options options) {
        return true;
    }

    @Override
    public Reward open(Options options, ExtensionContext context) throws IOException {
        return OpenedClipReward.open(
                options.model(),
                context,
                (clip, weights) -> new Opened(
                        clip,
                        options.scale() * (options.useLogitScale() ? Math.exp(clip.logitScale()) : 1.0),
                        weights));
    }

    /** The loaded reward; owns the manager holding the CLIP weights. */
    private static final class Opened extends OpenedClipReward {

        private final double factor;

        Opened(ClipModel clip, double factor, NDManager weights) {
            super(clip, weights);
            this.factor = factor;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            if (prompts.size() != images.size()) {
                throw new IllegalArgumentException(
                        images.size() + " images but " + prompts.size() + " prompts: clip-score needs one per image");
            }
            NDArray pixels = images.pixels();
            NDArray imageEmbeds = clip.encodeImages(pixels);
            NDArray inputIds = clip.tokenize(prompts.prompts(), pixels.getManager());
            NDArray textEmbeds = clip.encodeText(inputIds);
            NDArray cosine = ClipModel.cosineSimilarity(imageEmbeds, textEmbeds);
            NDArray reward = Scalars.mul(cosine, factor);
            imageEmbeds.close();
            inputIds.close();
            textEmbeds.close();
            cosine.close();
            return RewardOutput.of(reward);
        }
    }
}
