package dev.focusnfix.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class SsimTest {

    @Test
    void identicalImagesHaveSsimOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.array32(manager, TestImages.textured(3, 24, 30, 4), 1, 3, 24, 30);
            assertEquals(1.0, Ssim.perImage(x, x)[0], 1e-12);
        }
    }

    @Test
    void imageAgainstConstantMatchesTheDefinition() {
        int c = 3;
        int h = 20;
        int w = 23;
        double[] image = TestImages.textured(c, h, w, 5);
        double[] grey = TestImages.constant(c * h * w, 0.4);
        double expected = NaiveSsim.mean(image, grey, c, h, w);
        try (NDManager manager = NDManager.newBaseManager()) {
            double actual = Ssim.perImage(
                    TestImages.array(manager, image, c, h, w), TestImages.array(manager, grey, c, h, w))[0];
            assertEquals(expected, actual, 1e-12);
            assertTrue(actual > 0 && actual < 0.2, "a flat image shares no structure: " + actual);
        }
    }

    @Test
    void batchOfTexturedPairsMatchesTheDefinitionPerImage() {
        int c = 3;
        int h = 17;
        int w = 19;
        double[] x0 = TestImages.textured(c, h, w, 6);
        double[] y0 = TestImages.textured(c, h, w, 7);
        double[] x1 = TestImages.textured(c, h, w, 8);
        double[] y1 = TestImages.plus(x1, 0.05);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] ssim = Ssim.perImage(
                    TestImages.array(manager, TestImages.batch(x0, x1), 2, c, h, w),
                    TestImages.array(manager, TestImages.batch(y0, y1), 2, c, h, w));
            assertEquals(NaiveSsim.mean(x0, y0, c, h, w), ssim[0], 1e-12);
            assertEquals(NaiveSsim.mean(x1, y1, c, h, w), ssim[1], 1e-12);
        }
    }

    @Test
    void mapUsesTheValidGrid() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.array32(manager, TestImages.textured(3, 16, 21, 9), 3, 16, 21);
            NDArray y = TestImages.array32(manager, TestImages.textured(3, 16, 21, 10), 3, 16, 21);
            List<SsimMap> maps = Ssim.maps(x, y);
            assertEquals(1, maps.size());
            SsimMap map = maps.get(0);
            assertEquals(6, map.height());
            assertEquals(11, map.width());
            assertEquals(5, map.offset());
            assertEquals(Ssim.perImage(x, y)[0], map.mean(), 0.0);
        }
    }

    @Test
    void rejectsImagesSmallerThanTheWindow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new ai.djl.ndarray.types.Shape(1, 3, 10, 32));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ssim.perImage(x, x));
            assertTrue(e.getMessage().contains("11x11"), e.getMessage());
        }
    }
}
