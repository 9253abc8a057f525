package dev.focusnfix.api;

import java.util.List;

/**
 * Low-rank adapters to inject: rank, alpha (the adapter output is scaled by {@code alpha / rank}) and the names of the
 * linear layers to adapt (the last segments of module paths, e.g. {@code to_q}, {@code to_out.0}).
 *
 * @param rank adapter rank
 * @param alpha adapter alpha
 * @param targets module name suffixes to adapt
 */
@Stable(since = "0.1.0")
public record LoraSpec(int rank, float alpha, List<String> targets) {

    /** The attention projections of every attention block, as diffusers' LoRA training uses by default. */
    public static final List<String> DEFAULT_TARGETS = List.of("to_q", "to_k", "to_v", "to_out.0");

    /** Checks the values. */
    public LoraSpec {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be positive, got " + alpha);
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets must name at least one layer");
        }
    }
}
