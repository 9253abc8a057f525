package dev.focusnfix.examples.colorfulness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The metric against values worked out by hand from its definition. */
class ColorfulnessRewardTest {

    @Test
    void greyImageHasZeroColorfulness() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = m.full(new Shape(1, 3, 4, 4), 0.5f);
            assertEquals(0f, ColorfulnessReward.colorfulness(grey, 0f).getFloat(0), 1e-6f);
        }
    }

    @Test
    void uniformPureRedIsOnlyTheOffsetTerm() {
        // rg = 1, yb = 0.5 everywhere: no spread, offset = 0.3 * sqrt(1 + 0.25).
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray red = m.zeros(new Shape(1, 3, 4, 4));
            red.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 1f);
            assertEquals(0.3 * Math.sqrt(1.25), ColorfulnessReward.colorfulness(red, 0f).getFloat(0), 1e-6);
        }
    }

    @Test
    void halfRedHalfGreenHasSpread() {
        // Left half (1,0,0): rg=1, yb=0.5; right half (0,1,0): rg=-1, yb=0.5.
        // mean rg = 0, var rg = 1; mean yb = 0.5, var yb = 0 -> 1 + 0.3 * 0.5 = 1.15.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = m.zeros(new Shape(1, 3, 2, 2));
            img.set(new ai.djl.ndarray.index.NDIndex("0, 0, :, 0"), 1f);
            img.set(new ai.djl.ndarray.index.NDIndex("0, 1, :, 1"), 1f);
            assertEquals(1.15f, ColorfulnessReward.colorfulness(img, 0f).getFloat(0), 1e-6f);
        }
    }
}
