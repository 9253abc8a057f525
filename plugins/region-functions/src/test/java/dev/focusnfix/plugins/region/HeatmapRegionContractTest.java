package dev.focusnfix.plugins.region;

import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.testkit.RegionFunctionContract;
import java.util.Optional;

/** The plugin-api contract for {@code heatmap}, with a dilation and snapshots. */
class HeatmapRegionContractTest extends RegionFunctionContract<HeatmapRegion.Options> {

    @Override
    protected RegionFunction<HeatmapRegion.Options> createExtension() {
        return new HeatmapRegion();
    }

    @Override
    protected HeatmapRegion.Options options() {
        return new HeatmapRegion.Options(0.2f, 1, Optional.of("heatmap"));
    }
}
