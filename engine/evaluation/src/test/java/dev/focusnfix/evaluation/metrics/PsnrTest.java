package dev.focusnfix.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class PsnrTest {

    @Test
    void identicalImagesAreInfiniteOrTheCap() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.array32(manager, TestImages.textured(3, 16, 20, 1), 1, 3, 16, 20);
            assertEquals(Double.POSITIVE_INFINITY, Psnr.perImage(x, x, PsnrVariant.EXACT)[0]);
            assertEquals(100.0, Psnr.perImage(x, x, PsnrVariant.CAPPED)[0]);
            assertEquals(Psnr.CAP_DB, Psnr.perImage(x, x.duplicate(), PsnrVariant.CAPPED)[0]);
        }
    }

    @Test
    void constantOffsetOfOneTenthIsTwentyDecibels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] image = TestImages.textured(3, 12, 14, 2);
            NDArray x = TestImages.array(manager, TestImages.batch(image, image), 2, 3, 12, 14);
            NDArray y = TestImages.array(
                    manager,
                    TestImages.batch(TestImages.plus(image, 0.1), TestImages.plus(image, -0.01)),
                    2,
                    3,
                    12,
                    14);
            double[] psnr = Psnr.perImage(x, y, PsnrVariant.EXACT);
            assertEquals(20.0, psnr[0], 1e-9, "MSE 0.01 -> 20 dB");
            assertEquals(40.0, psnr[1], 1e-9, "MSE 1e-4 -> 40 dB");
            assertArrayEquals(psnr, Psnr.perImage(x, y, PsnrVariant.CAPPED), 0.0, "below the cap nothing changes");
        }
    }

    @Test
    void float32InputsAreWidenedBeforeTheSubtraction() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] image = TestImages.textured(3, 12, 14, 3);
            NDArray x = TestImages.array32(manager, image, 3, 12, 14);
            NDArray y = TestImages.array32(manager, TestImages.plus(image, 0.1), 3, 12, 14);
            // float32 rounding of the inputs moves the value by about 1e-6 dB
            assertEquals(20.0, Psnr.perImage(x, y, PsnrVariant.EXACT)[0], 1e-4);
        }
    }

    @Test
    void mseConversion() {
        assertEquals(Double.POSITIVE_INFINITY, Psnr.fromMse(0));
        assertTrue(Double.isNaN(Psnr.fromMse(Double.NaN)));
        assertEquals(30.0, Psnr.fromMse(1e-3), 1e-12);
        assertTrue(Double.isNaN(PsnrVariant.CAPPED.apply(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Psnr.fromMse(-1));
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new ai.djl.ndarray.types.Shape(1, 3, 8, 8));
            NDArray y = manager.zeros(new ai.djl.ndarray.types.Shape(1, 3, 8, 9));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Psnr.perImage(x, y, PsnrVariant.EXACT));
            assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        }
    }
}
