package dev.focusnfix.plugins.sld;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * The noise guidance of Safe Latent Diffusion for one sampling run, step by step, exactly as diffusers'
 * {@code StableDiffusionPipelineSafe} computes it (equations 3-8 of the SLD paper). With the noise predictions
 * {@code e_u} (unconditional), {@code e_t} (the prompt) and {@code e_c} (the safety concept), and the momentum
 * {@code v} (zero before the first step), step {@code i} gives
 *
 * <pre>
 *   s  = min(|e_t - e_c| * guidanceScale, 1),  s = 0 where e_t - e_c >= threshold       (eq. 5, 6)
 *   gs = s * (e_c - e_u) + momentumScale * v                                            (eq. 4, 7)
 *   v  = momBeta * v + (1 - momBeta) * gs                                               (eq. 8)
 *   g  = e_t - e_u - (i >= warmupSteps ? gs : 0)                                        (eq. 3)
 * </pre>
 *
 * and the guided noise prediction {@code e_u + cfg * g}. The momentum lives in a manager of its own, so that each
 * step can compute in a scope that is closed afterwards; {@link #close} releases it.
 */
final class SafetyGuidance implements AutoCloseable {

    private final SldParameters parameters;
    private final NDManager state;
    private NDArray momentum;

    /** Guidance for one run; the momentum is kept in a sub-manager of {@code parent}. */
    SafetyGuidance(SldParameters parameters, NDManager parent) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.state = parent.newSubManager();
    }

    /**
     * The guided noise prediction of step {@code step} ({@code e_u + cfg * g}), in {@code uncond}'s manager, and the
     * momentum updated for the next step.
     */
    NDArray guidedNoise(NDArray uncond, NDArray text, NDArray concept, int step, float cfg) {
        NDManager scope = uncond.getManager();
        if (momentum == null) {
            momentum = uncond.zerosLike();
            momentum.attach(state);
        }
        NDArray v = momentum.duplicate();
        v.attach(scope);
        NDArray difference = text.sub(concept);
        NDArray scale = times(difference.abs(), parameters.guidanceScale()).minimum(scalar(uncond, 1f));
        NDArray conceptScale =
                NDArrays.where(difference.gte(scalar(uncond, parameters.threshold())), scale.zerosLike(), scale);
        NDArray safety = concept.sub(uncond).mul(conceptScale).add(times(v, parameters.momentumScale()));
        NDArray nextMomentum =
                times(v, parameters.momBeta()).add(times(safety, (float) (1 - (double) parameters.momBeta())));
        nextMomentum.attach(state);
        momentum.close();
        momentum = nextMomentum;
        NDArray guidance = text.sub(uncond);
        if (step >= parameters.warmupSteps()) {
            guidance = guidance.sub(safety);
        }
        return times(guidance, cfg).add(uncond);
    }

    @Override
    public void close() {
        state.close();
    }

    /** {@code x * value}, the scalar as a libtorch-owned 0-d array (a Java-number product confuses autograd). */
    private static NDArray times(NDArray x, float value) {
        return x.mul(scalar(x, value));
    }

    /** A 0-d array of {@code value} in {@code like}'s manager, type and device. */
    private static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }
}
