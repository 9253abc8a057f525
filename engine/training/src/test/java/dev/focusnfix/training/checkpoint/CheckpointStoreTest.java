package dev.focusnfix.training.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files: exact round trip, validation of damaged files, pruning. */
class CheckpointStoreTest {

    @TempDir
    Path folder;

    private NDManager manager;
    private CheckpointStore store;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu());
        store = new CheckpointStore(folder.resolve("checkpoints"));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray array(float... values) {
        return Scalars.constant(manager, values, new Shape(values.length), DataType.FLOAT32);
    }

    private Path save(int step) throws Exception {
        float offset = step;
        return store.save(
                new TrainingState(step, step - 1),
                "hash-" + step,
                "draft",
                Map.of("unet.a.lora_A.weight", array(offset, -0f, Float.MIN_VALUE, 3.4e38f)),
                Map.of("unet.a.lora_A.weight", array(0.1f, 0.2f, 0.3f, offset)),
                Map.of("unet.a.lora_A.weight", array(1e-8f, 2e-8f, 3e-8f, 4e-8f)));
    }

    @Test
    void roundTripKeepsEveryBitAndTheMetadata() throws Exception {
        Path file = save(5);
        assertEquals(store.fileFor(5), file);
        try (Checkpoint c = store.load(file, manager)) {
            assertEquals(new TrainingState(5, 4), c.state());
            assertEquals("hash-5", c.experimentHash());
            assertEquals("draft", c.tuner());
            float[] adapter = c.adapter().get("unet.a.lora_A.weight").toFloatArray();
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(adapter[1]), "negative zero kept");
            assertArrayEquals(new float[] {5f, -0f, Float.MIN_VALUE, 3.4e38f}, adapter, 0f);
            assertArrayEquals(
                    new float[] {0.1f, 0.2f, 0.3f, 5f},
                    c.firstMoments().get("unet.a.lora_A.weight").toFloatArray(),
                    0f);
        }
    }

    @Test
    void damagedFilesAreRefusedAndTheNewestGoodOneIsFound() throws Exception {
        save(1);
        save(2);
        Path third = save(3);
        byte[] bytes = Files.readAllBytes(third);
        Files.write(third, Arrays.copyOf(bytes, bytes.length - 3));
        assertThrows(InvalidCheckpointException.class, () -> store.load(third, manager));
        Path fourth = save(4);
        byte[] good = Files.readAllBytes(fourth);
        good[good.length - 1] ^= 1;
        Files.write(fourth, good);
        InvalidCheckpointException damaged =
                assertThrows(InvalidCheckpointException.class, () -> store.load(fourth, manager));
        assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
        // A safetensors file that is not a training checkpoint (an adapter file) is refused too.
        SafetensorsWriter.write(store.fileFor(5), Map.of("x", array(1f)), Map.of());
        try (Checkpoint c = store.loadLatestValid(manager).orElseThrow()) {
            assertEquals(2, c.state().step());
        }
    }

    @Test
    void pruneKeepsTheNewestAndNothingMeansEmpty() throws Exception {
        assertTrue(store.loadLatestValid(manager).isEmpty());
        for (int step = 1; step <= 4; step++) {
            save(step * 10);
        }
        store.prune(2);
        assertEquals(List.of(store.fileFor(30), store.fileFor(40)), store.list());
        store.prune(0);
        assertEquals(2, store.list().size(), "0 keeps every checkpoint");
    }
}
