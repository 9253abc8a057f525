package dev.focusnfix.core.experiment;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Range;
import java.util.List;

/**
 * The {@code evaluation:} section.
 *
 * @param enabled whether {@code run} evaluates after tuning
 * @param seeds the seeds of the evaluation images, one image per prompt and seed
 * @param rewards further rewards to score before and after (to catch degradation of other qualities)
 * @param margin the reward change that counts as an improvement or a degradation
 */
public record EvaluationSection(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("[1000, 1001]") List<Long> seeds,
        List<ComponentSection> rewards,
        @DefaultValue("0.05") @Range(min = 0) double margin) {

    /** Checks the seeds. */
    public EvaluationSection {
        seeds = List.copyOf(seeds);
        if (enabled && seeds.isEmpty()) {
            throw new IllegalArgumentException("evaluation needs at least one seed");
        }
    }
}
