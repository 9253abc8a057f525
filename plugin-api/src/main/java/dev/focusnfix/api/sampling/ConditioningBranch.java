package dev.focusnfix.api.sampling;

import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.Stable;
import java.util.Objects;

/**
 * One half of an encoded prompt batch, as an unguided model call consumes it: the prompts ({@link
 * Branch#CONDITIONAL}) or their negative prompts ({@link Branch#UNCONDITIONAL}). A guidance procedure asks the
 * pipeline for the model output under several branches in one call and combines them itself: classifier-free
 * guidance uses {@code [unconditional(c), conditional(c)]}; Safe Latent Diffusion adds {@code conditional(concept)}
 * for the encoded safety concept.
 *
 * @param conditioning prompts encoded by the pipeline the call goes to
 * @param branch which half of them
 */
@Stable(since = "0.1.0")
public record ConditioningBranch(Conditioning conditioning, Branch branch) {

    /** Which half of an encoded prompt batch. */
    public enum Branch {
        /** The negative prompts (the empty prompt when none were given). */
        UNCONDITIONAL,
        /** The prompts themselves. */
        CONDITIONAL
    }

    /** Checks that both parts are present. */
    public ConditioningBranch {
        Objects.requireNonNull(conditioning, "conditioning");
        Objects.requireNonNull(branch, "branch");
    }

    /** The prompts of {@code conditioning}. */
    public static ConditioningBranch conditional(Conditioning conditioning) {
        return new ConditioningBranch(conditioning, Branch.CONDITIONAL);
    }

    /** The negative prompts of {@code conditioning}. */
    public static ConditioningBranch unconditional(Conditioning conditioning) {
        return new ConditioningBranch(conditioning, Branch.UNCONDITIONAL);
    }
}
