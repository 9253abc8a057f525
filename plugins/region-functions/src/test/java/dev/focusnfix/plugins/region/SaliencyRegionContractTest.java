package dev.focusnfix.plugins.region;

import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.testkit.RegionFunctionContract;
import java.util.Optional;

/** The plugin-api contract for {@code saliency}, with SmoothGrad and snapshots on so that those paths run too. */
class SaliencyRegionContractTest extends RegionFunctionContract<SaliencyRegion.Options> {

    @Override
    protected RegionFunction<SaliencyRegion.Options> createExtension() {
        return new SaliencyRegion();
    }

    @Override
    protected SaliencyRegion.Options options() {
        return new SaliencyRegion.Options(3, 0.1f, PostProcessing.defaults(), Optional.of("saliency"));
    }
}
