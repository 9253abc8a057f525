package dev.focusnfix.nn.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.focusnfix.api.tensor.GaussianNoise;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void sameSeedSameValuesAndPrefixStable() {
        float[] a = GaussianNoise.standardNormal(42, 1001);
        float[] b = GaussianNoise.standardNormal(42, 1001);
        assertArrayEquals(a, b);
        // Values are produced in pairs; a shorter draw is a prefix of a longer one.
        assertArrayEquals(Arrays.copyOf(a, 10), GaussianNoise.standardNormal(42, 10));
        assertFalse(Arrays.equals(a, GaussianNoise.standardNormal(43, 1001)));
    }

    @Test
    void valuesAreStandardNormal() {
        float[] z = GaussianNoise.standardNormal(7, 200_000);
        double mean = 0;
        double square = 0;
        double fourth = 0;
        for (float v : z) {
            mean += v;
            square += v * v;
            fourth += (double) v * v * v * v;
        }
        mean /= z.length;
        square /= z.length;
        fourth /= z.length;
        assertEquals(0, mean, 0.01);
        assertEquals(1, square, 0.01);
        assertEquals(3, fourth, 0.06); // kurtosis of a normal distribution
    }

    @Test
    void derivedSeedsDiffer() {
        assertNotEquals(GaussianNoise.derivedSeed(1, 0), GaussianNoise.derivedSeed(1, 1));
        assertNotEquals(GaussianNoise.derivedSeed(1, 0), GaussianNoise.derivedSeed(2, 0));
        assertEquals(GaussianNoise.derivedSeed(5, 3), GaussianNoise.derivedSeed(5, 3));
    }
}
