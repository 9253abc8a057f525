package dev.focusnfix.plugins.draft;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Flatten;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.sdk.training.TrainingOptions;

/**
 * Options of the {@code draft} tuner: the DRaFT variant and its truncation, and the shared
 * {@link TrainingOptions} written flat beside them ({@code tuner.steps}, {@code tuner.learningRate}, ...). Defaults
 * follow the DRaFT and Focus-N-Fix papers (K = 2); sampling (steps, guidance, size) comes from the experiment.
 *
 * @param variant {@code k}: DRaFT-K (back-propagation through the last {@code truncation} steps); {@code lv}:
 *     DRaFT-LV (the final latents re-noised {@code lvSamples} times to the last timestep, one step each)
 * @param truncation K, the sampling steps to back-propagate through; 0 means all of them (full DRaFT)
 * @param lvSamples DRaFT-LV's number of re-noised copies per image
 * @param training the training options shared with the other DRaFT-family tuners
 */
public record DraftOptions(
        @Doc("k: DRaFT-K; lv: DRaFT-LV") @DefaultValue("k") Variant variant,
        @Doc("K: sampling steps to back-propagate through; 0 = all (full DRaFT)") @DefaultValue("2") @Range(min = 0)
                int truncation,
        @Doc("DRaFT-LV: re-noised copies of each final image") @DefaultValue("2") @Range(min = 1) int lvSamples,
        @Flatten TrainingOptions training) {

    /** The DRaFT variants. */
    public enum Variant {
        /** Back-propagation through the last K sampling steps. */
        K,
        /** Low-variance DRaFT: several re-noised one-step copies of the detached final latents. */
        LV
    }

    /** Checks the values. */
    public DraftOptions {
        if (variant == null || training == null) {
            throw new IllegalArgumentException("variant and training options must be set");
        }
    }
}
