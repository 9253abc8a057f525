package dev.focusnfix.plugins.focusnfix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Mask;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;

/** A region function for tests: the central box of half the image's height and width, for every image. */
final class FixedRegion implements RegionMasker {

    @Override
    public RegionResult mask(ImageBatch images, PromptBatch prompts, Reward reward) {
        int h = images.height();
        int w = images.width();
        NDArray mask = images.pixels()
                .getManager()
                .zeros(new Shape(images.size(), 1, h, w), images.pixels().getDataType());
        mask.set(new NDIndex(":, :, {}:{}, {}:{}", h / 4, h / 4 + h / 2, w / 4, w / 4 + w / 2), 1f);
        return new RegionResult(new Mask(mask), null);
    }

    /** The mask for one image of this size, 1 inside the box. */
    static float[] boxMask(int h, int w) {
        float[] m = new float[h * w];
        for (int y = h / 4; y < h / 4 + h / 2; y++) {
            for (int x = w / 4; x < w / 4 + w / 2; x++) {
                m[y * w + x] = 1f;
            }
        }
        return m;
    }
}
