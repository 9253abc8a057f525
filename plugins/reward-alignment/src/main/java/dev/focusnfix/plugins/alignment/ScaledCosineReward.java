package dev.focusnfix.plugins.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.sdk.clip.ClipModel;

/**
 * A preference reward read off a fine-tuned CLIP: {@code factor * cos(E_image(x), E_text(prompt))}, one prompt per
 * image. PickScore and HPSv2 are both this score on their own CLIP weights.
 */
final class ScaledCosineReward extends OpenedClipReward {

    private final String id;
    private final double factor;

    /**
     * @param id the reward id, for messages
     * @param factor multiplies the cosine ({@code exp(logit_scale)} for PickScore)
     */
    ScaledCosineReward(String id, ClipModel clip, double factor, NDManager weights) {
        super(clip, weights);
        this.id = id;
        this.factor = factor;
    }

    /** The factor applied to the cosine. */
    double factor() {
        return factor;
    }

    @Override
    public RewardOutput score(ImageBatch images, PromptBatch prompts) {
        if (prompts.size() != images.size()) {
            throw new IllegalArgumentException(
                    images.size() + " images but " + prompts.size() + " prompts: " + id + " needs one per image");
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
