package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Mask;
import dev.focusnfix.api.RegionResult;
import java.util.Optional;

/**
 * The frame of the region functions that compute a map from the images ({@code heatmap}, {@code saliency},
 * {@code occlusion}): the work runs on a detached copy of the images in a scratch scope, and only the raw map and
 * the mask leave it, in the images' manager and data type. Everything else the computation made is freed.
 */
final class ScratchMaps {

    /** A raw map and its mask, both {@code [N,1,H,W]}, in the scratch manager. */
    record Maps(NDArray rawMap, NDArray mask) {}

    /** Computes the maps from the detached copy {@code x} of the images; {@code scratch} is x's manager. */
    @FunctionalInterface
    interface Computation {
        Maps compute(NDArray x, NDManager scratch);
    }

    private ScratchMaps() {}

    /** Runs {@code computation} in a scratch scope, saves the snapshots and returns the maps as a result. */
    static RegionResult compute(ImageBatch images, Optional<MaskSnapshots> snapshots, Computation computation) {
        NDArray pixels = images.pixels();
        NDManager home = pixels.getManager();
        try (NDManager scratch = home.newSubManager()) {
            NDArray x = Tensors.detachedCopy(pixels, scratch);
            Maps maps = computation.compute(x, scratch);
            snapshots.ifPresent(s -> s.save(maps.rawMap(), maps.mask()));
            NDArray maskOut = maps.mask().toType(pixels.getDataType(), true);
            NDArray rawOut = maps.rawMap().toType(pixels.getDataType(), true);
            maskOut.attach(home);
            rawOut.attach(home);
            return new RegionResult(new Mask(maskOut), rawOut);
        }
    }
}
