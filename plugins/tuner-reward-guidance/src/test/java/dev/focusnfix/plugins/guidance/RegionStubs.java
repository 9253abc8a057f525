package dev.focusnfix.plugins.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Mask;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import java.util.ArrayList;
import java.util.List;

/** Region functions with fixed masks, recording the images they were asked about. */
final class RegionStubs {

    private RegionStubs() {}

    /** A region function whose mask is 1 on the pixel columns {@code [fromColumn, toColumn)} and 0 elsewhere. */
    static final class Columns implements RegionMasker {

        private final int fromColumn;
        private final int toColumn;
        /** Copies of the images each call received. */
        final List<float[]> seenImages = new ArrayList<>();
        /** Whether the last call could open a gradient collector (it throws if one is already open). */
        boolean collectorWasFree;

        Columns(int fromColumn, int toColumn) {
            this.fromColumn = fromColumn;
            this.toColumn = toColumn;
        }

        @Override
        @SuppressWarnings("try") // the collector is opened only to prove that none is open
        public RegionResult mask(ImageBatch images, PromptBatch prompts, Reward reward) {
            NDArray pixels = images.pixels();
            // Saliency region functions open their own collector: none may be open when masks are asked for.
            try (GradientCollector collector = pixels.getManager().getEngine().newGradientCollector()) {
                collectorWasFree = true;
            }
            seenImages.add(pixels.toFloatArray());
            NDArray mask = pixels.getManager()
                    .zeros(new Shape(images.size(), 1, images.height(), images.width()), pixels.getDataType());
            if (toColumn > fromColumn) {
                mask.set(new NDIndex(":, :, :, " + fromColumn + ":" + toColumn), 1f);
            }
            return new RegionResult(new Mask(mask), null);
        }
    }

    /** Masks of zeros: nothing may change. */
    static Columns nothing() {
        return new Columns(0, 0);
    }

    /** The left half of a {@code width}-pixel image. */
    static Columns leftHalf(int width) {
        return new Columns(0, width / 2);
    }
}
