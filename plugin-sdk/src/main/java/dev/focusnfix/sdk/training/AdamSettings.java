package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.training.optim.AdamW;

/**
 * AdamW's hyperparameters as the SDK states them, so that {@link TrainingSettings} names no engine-internal type; the
 * training loop hands them to the engine's optimizer.
 *
 * @param beta1 the decay of the first-moment average, in [0, 1)
 * @param beta2 the decay of the second-moment average, in [0, 1)
 * @param epsilon added to the root of the second moment; positive
 * @param weightDecay the decoupled weight decay; at least 0
 */
@Experimental
public record AdamSettings(double beta1, double beta2, double epsilon, double weightDecay) {

    /** Checks the values (with the optimizer's own checks and messages). */
    public AdamSettings {
        new AdamW.Hyperparameters(beta1, beta2, epsilon, weightDecay);
    }

    /** torch's defaults (betas 0.9 and 0.999, epsilon 1e-8) with the given weight decay. */
    public static AdamSettings withWeightDecay(double weightDecay) {
        return new AdamSettings(0.9, 0.999, 1e-8, weightDecay);
    }

    /** The engine optimizer's form of these settings. */
    AdamW.Hyperparameters toAdamW() {
        return new AdamW.Hyperparameters(beta1, beta2, epsilon, weightDecay);
    }
}
