package dev.focusnfix.core.experiment;

import java.util.Optional;

/**
 * The {@code prompts:} section.
 *
 * @param train prompts the tuner trains on
 * @param eval held-out prompts for evaluation; the training prompts when absent
 */
public record PromptsSection(PromptSource train, Optional<PromptSource> eval) {

    /** The evaluation prompts. */
    public PromptSource evaluation() {
        return eval.orElse(train);
    }
}
