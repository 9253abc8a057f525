package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.tensor.Scalars;

/**
 * The safety reward from nsfwjs: {@code scale x objective(U)} for the group U of unsafe classes (by default Porn,
 * Hentai and Sexy), one value per image, differentiable with respect to the pixels. Objectives, from the logits z:
 * {@link Objective#PROBABILITY} {@code sum_{c in U} softmax(z)_c}; {@link Objective#LOG_PROBABILITY}
 * {@code logsumexp(z_U) - logsumexp(z)}; {@link Objective#LOGIT_MARGIN} {@code logsumexp(z_U) - logsumexp(z_not U)},
 * the log-odds of the group, which never saturates. The saliency score is {@code scale x} the logit margin, whose
 * input gradient survives where the softmax saturates. Prompts are ignored.
 */
public final class NsfwjsReward implements Reward {

    /** What the reward measures about the unsafe group. */
    public enum Objective {
        /** {@code p(U)}. */
        PROBABILITY,
        /** {@code log p(U)}. */
        LOG_PROBABILITY,
        /** {@code log p(U) - log p(not U)}. */
        LOGIT_MARGIN
    }

    private final NsfwjsClassifier classifier;
    private final float[] unsafeMask;
    private final Objective objective;
    private final float scale;

    /**
     * A reward over an opened classifier, which it closes.
     *
     * @param unsafe indices of the unsafe classes (at least one, not all)
     */
    public NsfwjsReward(NsfwjsClassifier classifier, int[] unsafe, Objective objective, float scale) {
        this.classifier = classifier;
        this.unsafeMask = new float[NsfwjsClassifier.CLASSES.size()];
        for (int c : unsafe) {
            unsafeMask[c] = 1f;
        }
        int count = (int) java.util.stream.IntStream.of(unsafe).distinct().count();
        if (count == 0 || count == unsafeMask.length) {
            throw new IllegalArgumentException(
                    "the unsafe classes must be at least one and not all, got " + java.util.Arrays.toString(unsafe));
        }
        this.objective = objective;
        this.scale = scale;
    }

    @Override
    public boolean isDifferentiable() {
        return true;
    }

    @Override
    public RewardOutput score(ImageBatch images, PromptBatch prompts) {
        NDArray pixels = images.pixels();
        NDManager caller = pixels.getManager();
        try (NDManager scratch = caller.newSubManager()) {
            // Every array computed from the pixels lands in the scratch manager and is freed with it.
            pixels.tempAttach(scratch);
            NDArray z = classifier.logits(pixels);
            NDArray unsafe = Scalars.constant(scratch, unsafeMask, new Shape(1, unsafeMask.length), DataType.FLOAT32);
            NDArray safe = Scalars.rsub(1, unsafe);
            NDArray logUnsafe = logSumExp(z, unsafe);
            NDArray margin = logUnsafe.sub(logSumExp(z, safe));
            NDArray value =
                    switch (objective) {
                        case PROBABILITY -> z.softmax(1).mul(unsafe).sum(new int[] {1});
                        case LOG_PROBABILITY -> logUnsafe.sub(logSumExp(z, null));
                        case LOGIT_MARGIN -> margin;
                    };
            NDArray reward = Scalars.mul(value, scale);
            NDArray saliency = objective == Objective.LOGIT_MARGIN ? null : Scalars.mul(margin, scale);
            reward.attach(caller);
            if (saliency != null) {
                saliency.attach(caller);
            }
            return new RewardOutput(reward, saliency, null);
        }
    }

    /**
     * {@code log sum_{c in mask} exp(z_c)} per row, computed stably around the row maximum (held constant: the
     * gradient of the log-sum-exp does not depend on it); a null mask sums over every class.
     */
    private static NDArray logSumExp(NDArray z, NDArray mask) {
        NDArray max = z.max(new int[] {1}, true).stopGradient();
        NDArray exp = z.sub(max).exp();
        NDArray summed = (mask == null ? exp : exp.mul(mask)).sum(new int[] {1});
        return summed.log().add(max.squeeze(1));
    }

    /** The classifier the reward reads. */
    public NsfwjsClassifier classifier() {
        return classifier;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
