package dev.focusnfix.plugins.region;

import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.testkit.RegionFunctionContract;
import java.util.Optional;

/** The plugin-api contract for {@code occlusion}, with small patches for the 32x32 contract images. */
class OcclusionRegionContractTest extends RegionFunctionContract<OcclusionRegion.Options> {

    @Override
    protected RegionFunction<OcclusionRegion.Options> createExtension() {
        return new OcclusionRegion();
    }

    @Override
    protected OcclusionRegion.Options options() {
        return new OcclusionRegion.Options(
                8,
                4,
                0.5f,
                10,
                OcclusionRegion.Change.ABSOLUTE,
                OcclusionRegion.Options.defaultPostProcessing(),
                Optional.of("occlusion"));
    }
}
