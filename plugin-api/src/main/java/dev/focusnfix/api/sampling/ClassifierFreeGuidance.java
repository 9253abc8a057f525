package dev.focusnfix.api.sampling;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Stable;
import java.util.List;

/**
 * Classifier-free guidance (Ho and Salimans 2022), the one implementation every pipeline and procedure uses:
 * {@code out = out_uncond + g (out_cond - out_uncond)}, computed on the model outputs as the model gives them (for a
 * v-prediction model the combination of v equals the combination of the implied noise, the relation being linear).
 * A scale of 1 is the conditional output alone and costs one model call on the prompts only.
 */
@Stable(since = "0.1.0")
public final class ClassifierFreeGuidance {

    private ClassifierFreeGuidance() {}

    /**
     * The guided model output at {@code x_t}: one batched call on {@code [uncond; cond]} for {@code guidance != 1},
     * else one call on the prompts. The result is in {@code xt}'s manager and dtype; differentiable.
     */
    public static ModelOutput predict(
            DiffusionPipeline pipeline, NDArray xt, int t, Conditioning conditioning, float guidance) {
        if (guidance == 1f) {
            return pipeline.predictBranches(xt, t, List.of(ConditioningBranch.conditional(conditioning)))
                    .get(0);
        }
        List<ModelOutput> outputs = pipeline.predictBranches(
                xt,
                t,
                List.of(ConditioningBranch.unconditional(conditioning), ConditioningBranch.conditional(conditioning)));
        ModelOutput uncond = outputs.get(0);
        ModelOutput cond = outputs.get(1);
        if (uncond.type() != cond.type()) {
            throw new IllegalStateException("the two branches predicted " + uncond.type() + " and " + cond.type());
        }
        NDArray guided = combine(uncond.value(), cond.value(), guidance);
        uncond.value().close();
        cond.value().close();
        return new ModelOutput(guided, cond.type());
    }

    /**
     * {@code uncond + scale * (cond - uncond)}, in {@code uncond}'s manager; the intermediates are released
     * (closing them keeps the autograd graph).
     */
    public static NDArray combine(NDArray uncond, NDArray cond, float scale) {
        try (NDArray difference = cond.sub(uncond);
                NDArray scaled = ModelOutput.times(difference, scale)) {
            return scaled.add(uncond);
        }
    }
}
