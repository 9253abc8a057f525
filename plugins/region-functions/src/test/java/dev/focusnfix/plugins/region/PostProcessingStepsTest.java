package dev.focusnfix.plugins.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Thresholds, connected regions, dilation, normalisation and the whole chain, on hand-made arrays. */
class PostProcessingStepsTest {

    @Test
    void quantileThresholdKeepsTheStatedFraction() {
        float[] values = new float[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((i * 37) % 200) / 200f; // a permutation of 0, 0.005, ..., 0.995
        }
        for (float q : new float[] {0.5f, 0.8f, 0.95f}) {
            boolean[] kept = Thresholds.quantile(values, q);
            int count = 0;
            for (int i = 0; i < kept.length; i++) {
                if (kept[i]) {
                    count++;
                    assertTrue(values[i] >= q - 1e-6f, "kept value " + values[i] + " below quantile " + q);
                }
            }
            assertEquals(Math.round((1 - q) * 200), count, "pixels kept at q=" + q);
        }
    }

    @Test
    void absoluteThresholdNeverSelectsZero() {
        assertArrayEquals(
                new boolean[] {false, false, true, true}, Thresholds.absolute(new float[] {0f, 0.29f, 0.3f, 1f}, 0.3f));
        assertArrayEquals(new boolean[] {false, true}, Thresholds.absolute(new float[] {0f, 0.1f}, 0f));
    }

    @Test
    void connectedComponentsKeepTheLargestBlobAndDropASmallOne() {
        int h = 12;
        int w = 12;
        boolean[] mask = new boolean[h * w];
        fill(mask, w, 1, 1, 6, 6); // 25 pixels
        fill(mask, w, 9, 9, 11, 11); // 4 pixels
        ConnectedComponents cc = ConnectedComponents.label(mask, h, w, 8);
        assertEquals(2, cc.count());
        assertEquals(25, cc.area(1));
        assertEquals(4, cc.area(2));
        boolean[] kept = cc.keepMain(0.25, 0);
        boolean[] expected = new boolean[h * w];
        fill(expected, w, 1, 1, 6, 6);
        assertArrayEquals(expected, kept);
        // A low enough fraction keeps both; maxComponents = 1 keeps only the largest again.
        assertArrayEquals(mask, cc.keepMain(0.1, 0));
        assertArrayEquals(expected, cc.keepMain(0.0, 1));
    }

    @Test
    void diagonalNeighboursJoinOnlyWithEightConnectivity() {
        boolean[] diagonal = {true, false, false, true};
        assertEquals(1, ConnectedComponents.label(diagonal, 2, 2, 8).count());
        assertEquals(2, ConnectedComponents.label(diagonal, 2, 2, 4).count());
    }

    @Test
    void dilationGrowsASinglePixelToASquare() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int r : new int[] {1, 2, 3}) {
                NDArray mask = m.zeros(new Shape(1, 1, 15, 15));
                mask.set(new NDIndex("0, 0, 7, 7"), 1f);
                float[] out = Dilation.dilate(mask, r).toFloatArray();
                assertEquals((2 * r + 1) * (2 * r + 1), sum(out), 0f, "area for r=" + r);
                for (int y = 0; y < 15; y++) {
                    for (int x = 0; x < 15; x++) {
                        boolean inside = Math.abs(y - 7) <= r && Math.abs(x - 7) <= r;
                        assertEquals(inside ? 1f : 0f, out[y * 15 + x], "r=" + r + " at " + y + "," + x);
                    }
                }
            }
            // At a corner the square is clipped by the border, and the shape is kept.
            NDArray corner = m.zeros(new Shape(1, 1, 6, 6));
            corner.set(new NDIndex("0, 0, 0, 0"), 1f);
            NDArray dilated = Dilation.dilate(corner, 2);
            assertEquals(new Shape(1, 1, 6, 6), dilated.getShape());
            assertEquals(9f, sum(dilated.toFloatArray()), 0f);
        }
    }

    @Test
    void normalisationMapsEachImageToTheUnitRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray map = m.create(new float[] {2, 4, 6, 10, 5, 5, 5, 5}, new Shape(2, 1, 2, 2));
            float[] out = MapPostProcessor.normalisePerImage(map).toFloatArray();
            assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 1f}, java.util.Arrays.copyOfRange(out, 0, 4), 1e-6f);
            // Tiny but informative values still span [0,1] ...
            float[] tiny = java.util.Arrays.copyOfRange(
                    MapPostProcessor.normalisePerImage(m.create(new float[] {1e-17f, 3e-17f}, new Shape(1, 1, 1, 2)))
                            .toFloatArray(),
                    0,
                    2);
            assertArrayEquals(new float[] {0f, 1f}, tiny, 1e-6f);
            // ... and a constant map becomes zeros rather than NaN.
            assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, java.util.Arrays.copyOfRange(out, 4, 8), 0f);
        }
    }

    @Test
    void chainKeepsTheMainBlobDilatedAndDropsASmallSpeck() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 48;
            NDArray map = m.zeros(new Shape(1, 1, n, n));
            map.set(new NDIndex("0, 0, 10:22, 10:22"), 1f); // main blob, 144 pixels
            map.set(new NDIndex("0, 0, 40:42, 40:42"), 0.9f); // a speck, 4 pixels
            PostProcessing settings =
                    new PostProcessing(0, 4f, PostProcessing.ThresholdMode.ABSOLUTE, 0.5f, 0.25f, 0, 8, 1);
            float[] mask = new MapPostProcessor(settings).process(map).toFloatArray();
            assertEquals(14 * 14, sum(mask), 0f, "the 12x12 blob grown by one pixel on every side");
            assertEquals(1f, mask[9 * n + 9]);
            assertEquals(0f, mask[41 * n + 41], "the speck is removed");
            for (float v : mask) {
                assertTrue(v == 0f || v == 1f);
            }
        }
    }

    @Test
    void noneModeReturnsTheNormalisedSoftMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray map = m.create(new float[] {0f, 2f, 4f, 8f}, new Shape(1, 1, 2, 2));
            float[] out =
                    new MapPostProcessor(PostProcessing.none()).process(map).toFloatArray();
            assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 1f}, out, 1e-6f);
            assertFalse(map.hasGradient());
        }
    }

    @Test
    void nearestResizeRepeatsAndSubsamplesLikeTorch() {
        float[] two = {1, 2, 3, 4};
        assertArrayEquals(
                new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                NearestResize.resize(two, 2, 2, 4, 4),
                0f);
        float[] four = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        assertArrayEquals(new float[] {1, 3, 9, 11}, NearestResize.resize(four, 4, 4, 2, 2), 0f);
        // torch: 3 -> 2 reads floor(0 * 1.5) = 0 and floor(1 * 1.5) = 1.
        assertArrayEquals(new float[] {1, 2}, NearestResize.resize(new float[] {1, 2, 3}, 1, 3, 1, 2), 0f);
    }

    private static void fill(boolean[] mask, int w, int y0, int x0, int y1, int x1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                mask[y * w + x] = true;
            }
        }
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
