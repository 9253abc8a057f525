package dev.focusnfix.plugins.focusnfix;

import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.testkit.FineTunerContract;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import dev.focusnfix.sdk.training.LoraOptions;
import dev.focusnfix.sdk.training.TrainingOptions;
import java.util.List;

/** The plugin-api contract for tuners, on tiny-sd without a region function (Focus-N-Fix is then DRaFT). */
class FocusNFixContractTest extends FineTunerContract<FocusNFixOptions> {

    @Override
    protected FineTuner<FocusNFixOptions> createExtension() {
        return new FocusNFixTuner();
    }

    @Override
    protected FocusNFixOptions options() {
        return new FocusNFixOptions(
                5e-4,
                0,
                2,
                new TrainingOptions(
                        new LoraOptions(2, 2f, List.of()),
                        1e-3,
                        LearningRateSchedule.INVERSE_SQRT,
                        0.01,
                        1.0,
                        2,
                        1,
                        1,
                        1,
                        0,
                        3,
                        false));
    }

    @Override
    protected DiffusionPipeline openBackbone(ExtensionContext context) throws Exception {
        return LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null, context.device(), DataType.FLOAT32);
    }
}
