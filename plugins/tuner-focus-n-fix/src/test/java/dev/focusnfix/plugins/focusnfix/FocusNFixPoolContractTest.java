package dev.focusnfix.plugins.focusnfix;

import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import dev.focusnfix.sdk.training.LoraOptions;
import dev.focusnfix.sdk.training.TrainingOptions;
import java.util.List;

/** The tuner contract again with a fixed mask, batches of two and a reference pool of two entries. */
class FocusNFixPoolContractTest extends FocusNFixContractTest {

    @Override
    protected FocusNFixOptions options() {
        return new FocusNFixOptions(
                1e-2,
                2,
                1,
                new TrainingOptions(
                        new LoraOptions(2, 2f, List.of()),
                        1e-3,
                        LearningRateSchedule.CONSTANT,
                        0.0,
                        0.0,
                        2,
                        2,
                        1,
                        0,
                        0,
                        3,
                        false));
    }

    @Override
    protected RegionMasker openRegion(ExtensionContext context) {
        return new FixedRegion();
    }
}
