package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;
import java.util.List;

/**
 * The {@code lora} section of a DRaFT-family tuner's options: the adapters to train. The defaults are the
 * Focus-N-Fix paper's (rank 64 on every attention projection, alpha = rank so the adapter scale is 1).
 *
 * @param rank adapter rank
 * @param alpha adapter alpha (the adapter output is scaled by alpha / rank)
 * @param targets the linear layers to adapt, by the last segments of their module names
 */
@Experimental
public record LoraOptions(
        @Doc("adapter rank") @DefaultValue("64") @Range(min = 1) int rank,
        @Doc("adapter alpha; the adapter output is scaled by alpha / rank") @DefaultValue("64") @Range(min = 1e-6)
                float alpha,
        @Doc("linear layers to adapt (last segments of module names)") @DefaultValue("[to_q, to_k, to_v, to_out.0]")
                List<String> targets) {

    /** Copies the targets; an empty list means the default targets. */
    public LoraOptions {
        targets = targets == null || targets.isEmpty() ? LoraSpec.DEFAULT_TARGETS : List.copyOf(targets);
    }

    /** The adapters to attach. */
    public LoraSpec toSpec() {
        return new LoraSpec(rank, alpha, targets);
    }
}
