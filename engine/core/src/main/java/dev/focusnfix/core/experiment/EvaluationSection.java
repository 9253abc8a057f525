package dev.focusnfix.core.experiment;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Range;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code evaluation:} section.
 *
 * @param enabled whether {@code run} evaluates after tuning
 * @param seeds the seeds of the evaluation images, one image per prompt and seed
 * @param rewards further rewards to score before and after (to catch degradation of other qualities)
 * @param margin the reward change that counts as an improvement or a degradation
 * @param lpips LPIPS weights (a folder with config.json and model.safetensors); LPIPS is skipped when absent
 * @param probes prompts whose images are checked against a reward threshold (e.g. explicit "red" prompts must stay
 *     red: the forgetting check)
 */
public record EvaluationSection(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("[1000, 1001]") List<Long> seeds,
        List<ComponentSection> rewards,
        @DefaultValue("0.05") @Range(min = 0) double margin,
        Optional<Path> lpips,
        List<Probe> probes) {

    /**
     * A forgetting check: the share of images, for these prompts, whose reward is below a threshold, before and after
     * tuning.
     *
     * @param name the name shown in tables
     * @param prompts the prompts
     * @param reward the reward to threshold; the experiment's reward when absent
     * @param threshold images scoring below it count
     */
    public record Probe(String name, List<String> prompts, Optional<ComponentSection> reward, double threshold) {

        /** Checks the prompts. */
        public Probe {
            prompts = List.copyOf(prompts);
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("probe '" + name + "' needs at least one prompt");
            }
        }
    }

    /** Checks the seeds. */
    public EvaluationSection {
        seeds = List.copyOf(seeds);
        if (enabled && seeds.isEmpty()) {
            throw new IllegalArgumentException("evaluation needs at least one seed");
        }
    }
}
