package dev.focusnfix.api;

import java.util.List;

/**
 * The prompts of one batch, one per image, with optional negative prompts (empty strings mean the unconditional
 * branch of classifier-free guidance).
 *
 * @param prompts the prompts
 * @param negativePrompts one negative prompt per prompt
 */
@Stable(since = "0.1.0")
public record PromptBatch(List<String> prompts, List<String> negativePrompts) {

    /** Copies the lists and checks they have one entry per image. */
    public PromptBatch {
        prompts = List.copyOf(prompts);
        negativePrompts = List.copyOf(negativePrompts);
        if (prompts.size() != negativePrompts.size()) {
            throw new IllegalArgumentException(
                    prompts.size() + " prompts but " + negativePrompts.size() + " negative prompts");
        }
    }

    /** Prompts without negative prompts. */
    public static PromptBatch of(List<String> prompts) {
        return new PromptBatch(prompts, prompts.stream().map(p -> "").toList());
    }

    /** The number of prompts. */
    public int size() {
        return prompts.size();
    }
}
