package dev.focusnfix.plugins.draft;

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

/** The plugin-api contract for tuners, on tiny-sd with DRaFT-2. */
class DraftTunerContractTest extends FineTunerContract<DraftOptions> {

    @Override
    protected FineTuner<DraftOptions> createExtension() {
        return new DraftTuner();
    }

    @Override
    protected DraftOptions options() {
        return new DraftOptions(
                DraftOptions.Variant.K,
                2,
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
