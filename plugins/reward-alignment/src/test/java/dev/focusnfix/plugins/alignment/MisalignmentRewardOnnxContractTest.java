package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/**
 * The contract kit on the ONNX export with a fixed 48x48 input: not differentiable, and the heatmap comes back at
 * the image size. ONNX outputs carry the graph's names, so the score is read from the toy model's
 * {@code plausibility} output.
 */
class MisalignmentRewardOnnxContractTest extends RewardModelContract<MisalignmentReward.Options> {

    @Override
    protected RewardModel<MisalignmentReward.Options> createExtension() {
        return new MisalignmentReward();
    }

    @Override
    protected MisalignmentReward.Options options() {
        return MisalignmentReward.Options.of("classifiers/noise-artifact.onnx")
                .withScoreOutput("plausibility")
                .withInputSize(48, 48);
    }
}
