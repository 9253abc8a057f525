package dev.focusnfix.nn.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Forces garbage collection and refills the freed native memory with NaNs, so that a test fails deterministically
 * when autograd still points at a Java buffer that DJL has released (see the package documentation of
 * {@code dev.focusnfix.nn.ops}).
 */
public final class GarbageChurn {

    /** Buffer sizes in bytes (scalars, small vectors, matrices) and how many of each to allocate per round. */
    private static final int[][] SIZES_AND_COUNTS = {
        {4, 5_000}, {8, 5_000}, {16, 5_000}, {64, 20_000}, {256, 2_000}, {4096, 200}, {65536, 20}
    };

    private GarbageChurn() {}

    /** Collects garbage and reuses the freed direct memory a few times. */
    public static void run() {
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                // Direct buffers are freed by a cleaner thread after the collection.
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int[] sizeAndCount : SIZES_AND_COUNTS) {
                for (int i = 0; i < sizeAndCount[1]; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(sizeAndCount[0]).order(ByteOrder.nativeOrder());
                    for (int p = 0; p + 4 <= sizeAndCount[0]; p += 4) {
                        b.putFloat(p, Float.NaN);
                    }
                }
            }
        }
    }
}
