package dev.focusnfix.evaluation.lpips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.module.Parameter;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LPIPS against the tiny fixture of {@code engine/testdata/lpips} (make_tiny_lpips.py: random weights, forward pass in
 * plain torch, float64).
 */
class LpipsTest {

    private static final Path TINY = TestData.path("lpips/tiny");
    private static final Path EXPECTED = TestData.path("lpips/expected.safetensors");

    @Test
    void reproducesTheReferenceDistances() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict expected = StateDict.read(EXPECTED, manager, DataType.FLOAT32)) {
            Lpips lpips = Lpips.load(TINY, manager, DataType.FLOAT32);
            LpipsOutput out = lpips.compare(expected.get("x"), expected.get("y"));
            assertEquals(new Shape(2), out.distance().getShape());
            NDArray reference = expected.get("distance");
            float[] want = reference.toFloatArray();
            float[] got = out.distance().toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-4 * Math.abs(want[i]), "distance of pair " + i);
            }
            TensorAssert.assertMatchesReference("lpips distance", reference, out.distance());
            TensorAssert.assertMatchesReference("lpips stage values", expected.get("stage_values"), out.stageValues());
        }
    }

    @Test
    void identicalImagesAreAtDistanceZero() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict expected = StateDict.read(EXPECTED, manager, DataType.FLOAT32)) {
            Lpips lpips = Lpips.load(TINY.resolve("model.safetensors"), manager, DataType.FLOAT32);
            NDArray x = expected.get("x");
            double[] d = lpips.distances(x, x.duplicate());
            assertEquals(0.0, d[0], 0.0);
            assertEquals(0.0, d[1], 0.0);
        }
    }

    @Test
    void singleImagesAndBatchesAgree() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict expected = StateDict.read(EXPECTED, manager, DataType.FLOAT32)) {
            Lpips lpips = Lpips.load(TINY, manager, DataType.FLOAT32);
            NDArray x = expected.get("x");
            NDArray y = expected.get("y");
            double[] batch = lpips.distances(x, y);
            double[] single = lpips.distances(x.get(1), y.get(1));
            assertEquals(1, single.length);
            assertEquals(batch[1], single[0], 1e-6 * batch[1]);
        }
    }

    @Test
    void computesInOtherDtypes() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict expected = StateDict.read(EXPECTED, manager, DataType.FLOAT32)) {
            Lpips lpips = Lpips.load(TINY, manager, DataType.FLOAT64);
            // float32 images are converted to the model's dtype
            double[] d = lpips.distances(expected.get("x"), expected.get("y"));
            float[] want = expected.get("distance").toFloatArray();
            assertEquals(want[0], d[0], 1e-5 * want[0]);
            assertEquals(want[1], d[1], 1e-5 * want[1]);
        }
    }

    @Test
    void missingWeightsFailClearly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path absent = TestData.path("lpips/alex/model.safetensors");
            NoSuchFileException e =
                    assertThrows(NoSuchFileException.class, () -> Lpips.load(absent, manager, DataType.FLOAT32));
            assertTrue(e.getMessage().contains("LPIPS weights not found"), e.getMessage());
            assertTrue(e.getMessage().contains("optional"), e.getMessage());
            assertThrows(
                    NoSuchFileException.class,
                    () -> Lpips.load(TestData.path("lpips/alex"), manager, DataType.FLOAT32));
        }
    }

    @Test
    void negativeHeadWeightsAreRejected() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict tiny = StateDict.read(TINY.resolve("model.safetensors"), manager, DataType.FLOAT32)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (String key : tiny.keys()) {
                tensors.put(key, tiny.get(key));
            }
            tensors.put(
                    "lin1.model.1.weight", tensors.get("lin1.model.1.weight").neg());
            Lpips lpips = new Lpips(LpipsConfig.read(TINY.resolve("config.json")));
            WeightsException e = assertThrows(WeightsException.class, () -> lpips.load(StateDict.of(tensors)));
            assertTrue(e.getMessage().contains("lin1"), e.getMessage());
        }
    }

    @Test
    void alexConfigBuildsTheLpipsAlexArchitecture() throws IOException {
        LpipsConfig config = LpipsConfig.read(TestData.path("lpips/alex/config.json"));
        assertEquals(java.util.List.of(64, 192, 384, 256, 256), config.stageChannels());
        Lpips lpips = new Lpips(config);
        Map<String, Parameter> parameters = lpips.parameters();
        assertEquals(
                new Shape(64, 3, 11, 11), parameters.get("net.slice1.0.weight").shape());
        assertEquals(
                new Shape(192, 64, 5, 5), parameters.get("net.slice2.3.weight").shape());
        assertEquals(
                new Shape(384, 192, 3, 3), parameters.get("net.slice3.6.weight").shape());
        assertEquals(
                new Shape(256, 384, 3, 3), parameters.get("net.slice4.8.weight").shape());
        assertEquals(new Shape(256), parameters.get("net.slice5.10.bias").shape());
        assertEquals(
                new Shape(1, 256, 1, 1), parameters.get("lin4.model.1.weight").shape());
        assertEquals(15, parameters.size()); // five convs (weight, bias), five heads
        // torchvision AlexNet features (2,469,696) plus the five heads (1,152)
        assertEquals(2_469_696L + 1_152L, lpips.parameterCount());

        try (NDManager manager = NDManager.newBaseManager()) {
            lpips.initialize(manager, DataType.FLOAT32, 7);
            NDArray x = manager.randomUniform(0, 1, new Shape(1, 3, 64, 64));
            NDArray y = manager.randomUniform(0, 1, new Shape(1, 3, 64, 64));
            double[] d = lpips.distances(x, y);
            assertEquals(1, d.length);
            assertTrue(Double.isFinite(d[0]));
            assertEquals(0.0, lpips.distances(x, x)[0], 0.0);
        }
    }

    @Test
    void configErrorsNameTheProblem() {
        LpipsLayer conv = LpipsLayer.conv(0, 3, 4, 3, 1, 1);
        LpipsLayer wrong = LpipsLayer.conv(2, 5, 8, 3, 1, 1);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new LpipsConfig("bad", java.util.List.of(java.util.List.of(conv), java.util.List.of(wrong))));
        assertTrue(e.getMessage().contains("takes 5 channels but receives 4"), e.getMessage());
        IllegalArgumentException order = assertThrows(
                IllegalArgumentException.class,
                () -> new LpipsConfig("bad", java.util.List.of(java.util.List.of(conv, LpipsLayer.relu(0)))));
        assertTrue(order.getMessage().contains("increase"), order.getMessage());
    }
}
