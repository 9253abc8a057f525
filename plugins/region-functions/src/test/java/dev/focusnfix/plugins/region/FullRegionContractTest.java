package dev.focusnfix.plugins.region;

import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.testkit.RegionFunctionContract;
import java.util.Optional;

/** The plugin-api contract for {@code full}. */
class FullRegionContractTest extends RegionFunctionContract<FullRegion.Options> {

    @Override
    protected RegionFunction<FullRegion.Options> createExtension() {
        return new FullRegion();
    }

    @Override
    protected FullRegion.Options options() {
        return new FullRegion.Options(Optional.empty());
    }
}
