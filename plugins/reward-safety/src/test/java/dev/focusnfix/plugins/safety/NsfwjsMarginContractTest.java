package dev.focusnfix.plugins.safety;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.sdk.reward.ClassObjective;
import java.nio.file.Path;

/**
 * The contract kit on nsfwjs's logit-margin form, {@code -(logsumexp(z_unsafe) - logsumexp(z_safe))}: the gradient
 * must pass both log-sum-exps and the network.
 */
class NsfwjsMarginContractTest extends RewardModelContract<SafetyRewardOptions> {

    @Override
    protected Path modelBaseDir() {
        return TestData.root().resolveSibling("models");
    }

    @Override
    protected RewardModel<SafetyRewardOptions> createExtension() {
        return new SafetyReward();
    }

    @Override
    protected SafetyRewardOptions options() {
        return SafetyRewardOptions.of("nsfwjs/mobilenet_v2").withObjective(ClassObjective.LOGIT_MARGIN);
    }

    /**
     * Smooth images: 2x2 random pixels per channel, which nsfwjs's align-corners resize turns into 224x224 ramps.
     * The quantised MobileNetV2 is piecewise linear with millions of ReLU6 kinks; the kit's central difference
     * (step 1e-2 along a random direction of the input) stays in its linear regime for such a low-dimensional
     * smooth input, while on the kit's default 64x64 blocky noise it crosses so many kinks that the difference
     * quotient no longer converges at that step (it does approach the autograd value as the step shrinks).
     */
    @Override
    protected NDArray images(NDManager manager) {
        manager.getEngine().setRandomSeed(7);
        return manager.randomUniform(0f, 1f, new Shape(2, 3, 2, 2));
    }
}
