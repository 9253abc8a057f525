package dev.focusnfix.api.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Stable;
import java.util.SplittableRandom;

/**
 * Standard normal noise from a seed, identical on every device and engine.
 *
 * <p>Algorithm (fixed, part of the reproducibility contract): a {@link SplittableRandom} seeded with {@code seed}
 * yields uniform doubles; each pair {@code (u1, u2)} becomes two normals by the Box-Muller transform
 * {@code r = sqrt(-2 ln(1 - u1))}, {@code z0 = r cos(2 pi u2)}, {@code z1 = r sin(2 pi u2)}, filled in row-major
 * order (an odd count drops the last {@code z1}). Values are rounded to float32 in Java, then copied to the
 * manager's device and cast to the requested type, so the float32 values never depend on where they are used.
 */
@Stable(since = "0.2.0")
public final class GaussianNoise {

    private GaussianNoise() {}

    /** {@code count} standard normal float32 values drawn from {@code seed}. */
    public static float[] standardNormal(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        float[] values = new float[count];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i += 2) {
            // 1 - u lies in (0, 1], so the logarithm is finite.
            double radius = Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble()));
            double angle = 2.0 * Math.PI * random.nextDouble();
            values[i] = (float) (radius * Math.cos(angle));
            if (i + 1 < count) {
                values[i + 1] = (float) (radius * Math.sin(angle));
            }
        }
        return values;
    }

    /** A standard normal tensor of {@code shape} from {@code seed}, on {@code manager}'s device, in {@code dtype}. */
    public static NDArray standardNormal(long seed, Shape shape, NDManager manager, DataType dtype) {
        long size = shape.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("noise tensor too large: " + shape);
        }
        // In memory libtorch owns: on DJL's CPU engine, arrays made from Java data share a Java buffer that is freed
        // once the array is closed, under any view or autograd use.
        return Scalars.constant(manager, standardNormal(seed, (int) size), shape, dtype);
    }

    /**
     * An independent seed for the {@code index}-th stream derived from {@code seed} (for example the noise of each
     * sampling step), by the SplitMix64 finaliser of {@code seed} and {@code index}.
     */
    public static long derivedSeed(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
