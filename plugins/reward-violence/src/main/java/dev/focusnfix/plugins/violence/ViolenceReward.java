package dev.focusnfix.plugins.violence;

import dev.focusnfix.sdk.reward.ClassifierRewardModel;
import org.pf4j.Extension;

/**
 * The violence reward of the paper: {@code -p(violent)} from an image classifier (TorchScript, differentiable, or
 * ONNX), or minus its log-probability or logit margin. Options:
 * {@link dev.focusnfix.sdk.reward.ClassifierRewardOptions}.
 */
@Extension
public final class ViolenceReward extends ClassifierRewardModel {

    @Override
    public String id() {
        return "violence";
    }

    @Override
    public String description() {
        return "minus the probability of violent content from an image classifier (TorchScript or ONNX)";
    }
}
