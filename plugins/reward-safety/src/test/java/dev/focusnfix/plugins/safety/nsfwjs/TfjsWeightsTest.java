package dev.focusnfix.plugins.safety.nsfwjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TensorFlow.js weight decoding of tfjs's {@code io.decodeWeights}, on hand-made shards. */
class TfjsWeightsTest {

    @TempDir
    Path dir;

    @Test
    void quantisedAndHalfPrecisionWeightsAreRestoredAcrossConcatenatedShards() throws Exception {
        // uint8 [2] (q = 0, 255), uint16 [2] (q = 1, 40000), float16 [3], float32 [1]; split over two shards
        // in the middle of the uint16 weight, as tfjs's converter splits at 4 MB regardless of weight boundaries.
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 6 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) 255);
        b.putShort((short) 1).putShort((short) 40000);
        b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001);
        b.putFloat(3.25f);
        byte[] all = b.array();
        Files.write(dir.resolve("group1-shard1of2.bin"), java.util.Arrays.copyOfRange(all, 0, 4));
        Files.write(dir.resolve("group1-shard2of2.bin"), java.util.Arrays.copyOfRange(all, 4, all.length));
        TfjsWeights w = TfjsWeights.read(
                manifest(
                        """
                [{"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": [
                  {"name": "a", "shape": [2], "dtype": "float32",
                   "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.01}},
                  {"name": "b", "shape": [2, 1], "dtype": "float32",
                   "quantization": {"dtype": "uint16", "min": 0.5, "scale": 0.001}},
                  {"name": "c", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}},
                  {"name": "d", "shape": [], "dtype": "float32"}]}]
                """),
                dir);
        assertEquals(4, w.size());
        assertArrayEquals(
                new float[] {-1f, (float) (255 * 0.01 - 1.0)}, w.get("a", 2).values());
        assertArrayEquals(
                new float[] {(float) (0.001 + 0.5), (float) (40000 * 0.001 + 0.5)},
                w.get("b", 2, 1).values());
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f}, w.get("c", 3).values());
        assertArrayEquals(new float[] {3.25f}, w.get("d").values());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> w.get("a", 3));
        assertTrue(shape.getMessage().contains("[2]"), shape.getMessage());
    }

    @Test
    void halfPrecisionEdgeValues() {
        assertEquals(65504f, TfjsWeights.halfToFloat(0x7BFF));
        assertEquals(Float.POSITIVE_INFINITY, TfjsWeights.halfToFloat(0x7C00));
        assertTrue(Float.isNaN(TfjsWeights.halfToFloat(0x7E00)));
        assertEquals(-0f, TfjsWeights.halfToFloat(0x8000));
        assertEquals(0x1p-14f, TfjsWeights.halfToFloat(0x0400));
        assertEquals(1023 * 0x1p-24f, TfjsWeights.halfToFloat(0x03FF));
    }

    @Test
    void shardsThatDoNotMatchTheManifestAreRefused() throws Exception {
        Files.write(dir.resolve("w.bin"), new byte[] {1, 2, 3});
        IOException tooShort = assertThrows(
                IOException.class,
                () -> TfjsWeights.read(
                        manifest(
                                """
                [{"paths": ["w.bin"], "weights": [{"name": "x", "shape": [1], "dtype": "float32"}]}]
                """),
                        dir));
        assertTrue(tooShort.getMessage().contains("end inside weight 'x'"), tooShort.getMessage());
        IOException tooLong = assertThrows(
                IOException.class,
                () -> TfjsWeights.read(
                        manifest(
                                """
                [{"paths": ["w.bin"], "weights": [{"name": "x", "shape": [2], "dtype": "float32",
                  "quantization": {"dtype": "uint8", "min": 0, "scale": 1}}]}]
                """),
                        dir));
        assertTrue(tooLong.getMessage().contains("1 bytes more"), tooLong.getMessage());
        IOException missing = assertThrows(
                IOException.class,
                () -> TfjsWeights.read(
                        manifest("""
                [{"paths": ["absent.bin"], "weights": []}]
                """),
                        dir));
        assertTrue(missing.getMessage().contains("absent.bin"), missing.getMessage());
    }

    @Test
    void tensorFlowSamePaddingPutsTheOddPixelAtTheBottomAndRight() {
        assertArrayEquals(new int[] {0, 1}, KerasConfig.padding("same", 224, 3, 2, 1));
        assertArrayEquals(new int[] {1, 1}, KerasConfig.padding("same", 225, 3, 2, 1));
        assertArrayEquals(new int[] {1, 1}, KerasConfig.padding("same", 7, 3, 1, 1));
        assertArrayEquals(new int[] {0, 1}, KerasConfig.padding("same", 5, 2, 2, 1));
        assertArrayEquals(new int[] {2, 2}, KerasConfig.padding("same", 10, 3, 1, 2));
        assertArrayEquals(new int[] {0, 0}, KerasConfig.padding("valid", 224, 3, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> KerasConfig.padding("causal", 4, 3, 1, 1));
    }

    private static JsonArray manifest(String json) {
        return JsonParser.parseString(json).getAsJsonArray();
    }
}
