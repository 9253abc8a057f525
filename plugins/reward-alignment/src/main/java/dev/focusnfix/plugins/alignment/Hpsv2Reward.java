package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.sdk.clip.OpenClipCheckpoint;
import dev.focusnfix.sdk.clip.OpenClipConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * HPSv2 (Wu et al. 2023), the Human Preference Score v2: an open_clip ViT-H/14 fine-tuned on HPD v2, published as
 * one open_clip checkpoint. The authors' score is the cosine of the normalised image and prompt embeddings
 * ({@code hps_score = diag(image_features @ text_features.T)}); by default ({@code useLogitScale}) the reward
 * multiplies it by {@code exp(logit_scale)}, the score PickScore and CLIP's logits use, so that the two preference
 * rewards share one scale; {@code useLogitScale: false} gives the authors' plain cosine. The checkpoint must be
 * a {@code .safetensors} file: convert the published {@code HPS_v2_compressed.pt} once with
 * {@code engine/testdata/hpsv2/convert_open_clip_checkpoint.py}.
 */
@Extension
public final class Hpsv2Reward implements RewardModel<Hpsv2Reward.Options> {

    /**
     * Options.
     *
     * @param checkpoint the open_clip state dict as {@code .safetensors}
     * @param tokenizer folder with the CLIP BPE ({@code vocab.json}, {@code merges.txt})
     * @param architecture a built-in open_clip config name or the path of an open_clip model config JSON
     * @param useLogitScale whether to multiply the cosine by {@code exp(logit_scale)}
     * @param scale multiplies the score
     */
    public record Options(
            @Doc("HPSv2's open_clip checkpoint converted to .safetensors (keys visual.*, transformer.*, ...)")
                    String checkpoint,
            @Doc("folder with the CLIP BPE tokenizer (vocab.json + merges.txt), e.g. an SD v1.x folder's tokenizer/")
                    String tokenizer,
            @Doc("open_clip architecture: ViT-H-14 (built in) or the path of an open_clip model config JSON")
                    @DefaultValue("ViT-H-14")
                    String architecture,
            @Doc("multiply the cosine by exp(logit_scale), as PickScore scores (the default); false gives the plain"
                            + " cosine of HPSv2's own hps_score")
                    @DefaultValue("true")
                    boolean useLogitScale,
            @Doc("multiplies the score") @DefaultValue("1.0") float scale) {

        /** Checks the references. */
        public Options {
            if (checkpoint == null || checkpoint.isBlank()) {
                throw new IllegalArgumentException("checkpoint must name HPSv2's open_clip checkpoint (.safetensors)");
            }
            if (tokenizer == null || tokenizer.isBlank()) {
                throw new IllegalArgumentException(
                        "tokenizer must name a folder with the CLIP BPE (vocab.json + merges.txt)");
            }
            if (architecture == null || architecture.isBlank()) {
                architecture = OpenClipConfig.VIT_H_14;
            }
        }

        boolean builtinArchitecture() {
            return OpenClipConfig.VIT_H_14.equals(architecture);
        }
    }

    @Override
    public String id() {
        return "hpsv2";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "HPSv2: cosine of image and prompt embeddings of HPSv2's open_clip ViT-H/14 (differentiable)";
    }

    @Override
    public List<String> modelReferences(Options options) {
        List<String> references = new ArrayList<>(List.of(options.checkpoint(), options.tokenizer()));
        if (!options.builtinArchitecture()) {
            references.add(options.architecture());
        }
        return references;
    }

    @Override
    public boolean isDifferentiable(Options options) {
        return true;
    }

    @Override
    public Reward open(Options options, ExtensionContext context) throws IOException {
        Path checkpoint = context.models().resolve(options.checkpoint());
        Path tokenizer = context.models().resolve(options.tokenizer());
        OpenClipConfig architecture = options.builtinArchitecture()
                ? OpenClipConfig.builtin(OpenClipConfig.VIT_H_14)
                : OpenClipConfig.read(context.models().resolve(options.architecture()));
        return OpenedClipReward.open(
                weights -> OpenClipCheckpoint.load(checkpoint, architecture, tokenizer, weights, context.dataType()),
                context,
                (clip, weights) -> new ScaledCosineReward(
                        id(),
                        clip,
                        options.scale() * (options.useLogitScale() ? Math.exp(clip.logitScale()) : 1.0),
                        weights));
    }
}
