package dev.focusnfix.plugins.region;

import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.testkit.RegionFunctionContract;
import java.util.Optional;

/** The plugin-api contract for {@code file}, on a mask image written for the test. */
class FileRegionContractTest extends RegionFunctionContract<FileRegion.Options> {

    @Override
    protected RegionFunction<FileRegion.Options> createExtension() {
        return new FileRegion();
    }

    @Override
    protected java.nio.file.Path modelBaseDir() {
        return MaskFiles.folderWithSquareMask();
    }

    @Override
    protected FileRegion.Options options() {
        return new FileRegion.Options(MaskFiles.SQUARE, Optional.of(0.5f), Optional.empty());
    }
}
