package dev.focusnfix.plugins.safety;

import dev.focusnfix.nn.classifier.ClassifierRewardModel;
import org.pf4j.Extension;

/**
 * The over-sexualisation reward of the paper: {@code -p(unsafe)} from a CNN classifier (TorchScript, differentiable,
 * or ONNX), or minus its log-probability or logit margin, which keep a gradient where the probability saturates.
 * Options: {@link dev.focusnfix.nn.classifier.ClassifierRewardOptions}.
 */
@Extension
public final class SafetyReward extends ClassifierRewardModel {

    @Override
    public String id() {
        return "safety";
    }

    @Override
    public String description() {
        return "minus the probability of explicit content from an image classifier (TorchScript or ONNX)";
    }
}
