package dev.focusnfix.nn.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CropAndNormalizeTest {

    @Test
    void centreCropRoundsTheOffsetDown() {
        // 5 rows -> 2: offset (5 - 2) / 2 = 1 (transformers' floor); 4 columns -> 2: offset 1.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 20f).reshape(1, 1, 5, 4);
            assertArrayEquals(
                    new float[] {5f, 6f, 9f, 10f}, Crop.center(x, 2, 2).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> Crop.center(x, 6, 2));
        }
    }

    @Test
    void normalisesEachChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1f, 2f, 3f, 4f}, new Shape(1, 2, 1, 2));
            NDArray y = Normalize.channels(x, new float[] {1f, 2f}, new float[] {0.5f, 2f});
            assertArrayEquals(new float[] {0f, 2f, 0.5f, 1f}, y.toFloatArray(), 1e-6f);
            assertThrows(
                    IllegalArgumentException.class, () -> Normalize.channels(x, new float[] {0f}, new float[] {1f}));
        }
    }
}
