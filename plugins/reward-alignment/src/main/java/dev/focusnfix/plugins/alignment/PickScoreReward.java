package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.sdk.clip.ClipModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * PickScore (Kirstain et al. 2023): a CLIP ViT-H/14 fine-tuned on Pick-a-Pic preferences, published as a Hugging
 * Face {@code CLIPModel} folder ({@code yuvalkirstain/PickScore_v1}); the score is
 * {@code exp(logit_scale) * cos(E_image(x), E_text(prompt))}, as the authors compute it. Higher is preferred.
 */
@Extension
public final class PickScoreReward implements RewardModel<PickScoreReward.Options> {

    /**
     * Options.
     *
     * @param model the PickScore CLIPModel folder
     * @param processor folder with the tokenizer files and {@code preprocessor_config.json}; null: {@code model}
     * @param scale multiplies the score
     */
    public record Options(
            @Doc("PickScore's CLIPModel folder (config.json + model.safetensors), a path or builtin:NAME") String model,
            @Doc("folder with the tokenizer and preprocessor_config.json (PickScore uses those of"
                            + " laion/CLIP-ViT-H-14-laion2B-s32B-b79K); default: the model folder")
                    @DefaultValue("")
                    String processor,
            @Doc("multiplies the score") @DefaultValue("1.0") float scale) {

        /** Checks the model reference. */
        public Options {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must name PickScore's CLIPModel folder");
            }
            if (processor != null && processor.isBlank()) {
                processor = null;
            }
        }
    }

    @Override
    public String id() {
        return "pickscore";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "PickScore: exp(logit_scale) * cosine of image and prompt embeddings of PickScore's CLIP"
                + " (differentiable)";
    }

    @Override
    public List<String> modelReferences(Options options) {
        List<String> references = new ArrayList<>(List.of(options.model()));
        if (options.processor() != null) {
            references.add(options.processor());
        }
        return references;
    }

    @Override
    public boolean isDifferentiable(Options options) {
        return true;
    }

    @Override
    public Reward open(Options options, ExtensionContext context) throws IOException {
        var model = context.models().resolve(options.model());
        var processor = options.processor() == null ? model : context.models().resolve(options.processor());
        return OpenedClipReward.open(
                weights -> ClipModel.load(model, processor, weights, context.dataType()),
                context,
                (clip, weights) ->
                        new ScaledCosineReward(id(), clip, options.scale() * Math.exp(clip.logitScale()), weights));
    }
}
