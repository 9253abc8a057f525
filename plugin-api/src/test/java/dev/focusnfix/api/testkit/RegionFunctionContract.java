package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RegionFunction} must pass: masks of shape {@code [N,1,H,W]} in [0,1], no gradient,
 * deterministic, and the images untouched.
 *
 * @param <O> the region function's options type
 */
public abstract class RegionFunctionContract<O> extends ExtensionContract<RegionFunction<O>> {

    /** The options to open the function with. */
    protected abstract O options();

    /**
     * The reward the masks are computed for. The default is a differentiable "redness" reward with a heatmap:
     * {@code -mean(relu(R - (G + B) / 2))}, heatmap = that redness per pixel.
     */
    protected Reward reward() {
        return new Reward() {
            @Override
            public boolean isDifferentiable() {
                return true;
            }

            @Override
            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                NDArray p = images.pixels();
                NDArray redness = p.get(":, 0:1")
                        .sub(p.get(":, 1:2").add(p.get(":, 2:3")).mul(0.5f))
                        .maximum(0f);
                NDArray perImage =
                        redness.reshape(redness.getShape().get(0), -1).mean(new int[] {1});
                return new RewardOutput(
                        perImage.neg(), null, redness.clip(0f, 1f).stopGradient());
            }
        };
    }

    /** Test images: a grey background with a red square in the first image, none in the second. */
    protected NDArray images(NDManager manager) {
        NDArray images = manager.full(new Shape(2, 3, 32, 32), 0.5f);
        images.set(new ai.djl.ndarray.index.NDIndex("0, 0, 8:16, 8:16"), 1f);
        images.set(new ai.djl.ndarray.index.NDIndex("0, 1:3, 8:16, 8:16"), 0f);
        return images;
    }

    private RegionResult mask(RegionMasker masker, NDArray images) {
        int n = (int) images.getShape().get(0);
        return masker.mask(new ImageBatch(images), PromptBatch.of(Collections.nCopies(n, "a square")), reward());
    }

    @Test
    void masksHaveTheImageSizeAndValuesInUnitRange() throws Exception {
        try (RegionMasker masker = createExtension().open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray images = images(step);
            RegionResult result = mask(masker, images);
            assertNotNull(result.mask(), "mask");
            Shape s = images.getShape();
            assertArrayEquals(
                    new long[] {s.get(0), 1, s.get(2), s.get(3)},
                    result.mask().values().getShape().getShape());
            assertTrue(result.mask().values().min().getFloat() >= 0f, "mask >= 0");
            assertTrue(result.mask().values().max().getFloat() <= 1f, "mask <= 1");
        }
    }

    @Test
    void masksCarryNoGradientAndLeaveTheImagesAlone() throws Exception {
        try (RegionMasker masker = createExtension().open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray images = images(step);
            NDArray before = images.duplicate();
            RegionResult result = mask(masker, images);
            assertFalse(result.mask().values().hasGradient(), "a mask must not require gradients");
            assertArrayEquals(before.toFloatArray(), images.toFloatArray(), 0f, "the images must not change");
        }
    }

    @Test
    void isDeterministic() throws Exception {
        try (RegionMasker masker = createExtension().open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray images = images(step);
            assertArrayEquals(
                    mask(masker, images).mask().values().toFloatArray(),
                    mask(masker, images).mask().values().toFloatArray(),
                    0f);
        }
    }
}
