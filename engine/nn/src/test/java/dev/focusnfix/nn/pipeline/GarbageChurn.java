package dev.focusnfix.nn.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Forces garbage collection and reuses the freed native memory, so that a test fails deterministically when autograd
 * still points at a Java buffer that DJL has released (see {@link NativeScalars}).
 */
final class GarbageChurn {

    private GarbageChurn() {}

    static void run() {
        for (int round = 0; round < 5; round++) {
            System.gc();
            for (int i = 0; i < 20_000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
                b.putFloat(0, Float.NaN);
            }
        }
    }
}
