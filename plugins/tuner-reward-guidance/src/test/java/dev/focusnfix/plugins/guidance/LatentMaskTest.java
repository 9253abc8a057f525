package dev.focusnfix.plugins.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.plugins.guidance.RewardGuidanceOptions.MaskResize;
import org.junit.jupiter.api.Test;

class LatentMaskTest {

    @Test
    void areaWeightsAverageTheCoveredPixels() {
        assertArrayEquals(
                new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0, 0, 0, 0, 0, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f},
                LatentMask.areaWeights(8, 2),
                1e-7f);
        // Cells of 1.5 pixels: a pixel split between two cells weighs its share of each.
        float a = 1f / 1.5f;
        float b = 0.5f / 1.5f;
        assertArrayEquals(
                new float[] {a, b, 0, 0, 0, 0, 0, b, a, 0, 0, 0, 0, 0, 0, a, b, 0, 0, 0, 0, 0, b, a},
                LatentMask.areaWeights(6, 4),
                1e-6f);
    }

    @Test
    void nearestTakesTheCentrePixel() {
        float[] weights = LatentMask.nearestWeights(64, 8);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 64; j++) {
                assertEquals(j == 8 * i + 4 ? 1f : 0f, weights[i * 64 + j], "cell " + i + ", pixel " + j);
            }
        }
    }

    @Test
    void aHalfImageMaskIsHalfTheLatentGrid() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pixels = manager.zeros(new Shape(2, 1, 64, 64));
            pixels.set(new NDIndex(":, :, :, 0:32"), 1f);
            float[] expected = new float[2 * 8 * 8];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = i % 8 < 4 ? 1f : 0f;
            }
            for (MaskResize mode : MaskResize.values()) {
                NDArray latent = LatentMask.resize(pixels, 8, 8, mode);
                assertEquals(new Shape(2, 1, 8, 8), latent.getShape());
                assertArrayEquals(expected, latent.toFloatArray(), 1e-6f, mode.toString());
            }
        }
    }

    @Test
    void aSmallBlobWeighsItsShareUnderAreaAndVanishesUnderNearest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pixels = manager.zeros(new Shape(1, 1, 64, 64));
            pixels.set(new NDIndex(":, :, 0:4, 0:4"), 1f);
            // 16 of the 64 pixels of cell (0, 0); its centre pixel (4, 4) is outside the blob.
            assertEquals(0.25f, LatentMask.resize(pixels, 8, 8, MaskResize.AREA).getFloat(0, 0, 0, 0), 1e-6f);
            assertEquals(
                    0f,
                    LatentMask.resize(pixels, 8, 8, MaskResize.NEAREST).sum().getFloat());
        }
    }

    @Test
    void aMaskAlreadyOnTheGridIsCopiedAndBadShapesAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray onGrid = manager.randomUniform(0f, 1f, new Shape(1, 1, 8, 8));
            assertArrayEquals(
                    onGrid.toFloatArray(),
                    LatentMask.resize(onGrid, 8, 8, MaskResize.AREA).toFloatArray());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> LatentMask.resize(manager.zeros(new Shape(1, 3, 64, 64)), 8, 8, MaskResize.AREA));
        }
    }
}
