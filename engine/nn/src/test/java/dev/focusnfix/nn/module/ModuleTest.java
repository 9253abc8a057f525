package dev.focusnfix.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    /** block.layers.0 (Linear 3->2), block.layers.1 (Linear 2->2, no bias), block.scale [2]. */
    static final class Block extends Module {
        final ModuleList<Linear> layers = register("layers", new ModuleList<>());
        final Parameter scale = parameter("scale", 2);

        Block() {
            layers.add(new Linear(3, 2, true));
            layers.add(new Linear(2, 2, false));
        }
    }

    static final class Net extends Module {
        final Block block = register("block", new Block());
    }

    @Test
    void namesAreDottedPathsInDeclarationOrder() {
        Net net = new Net();
        // As PyTorch orders named_parameters: a module's own parameters, then its children's.
        assertEquals(
                List.of("block.scale", "block.layers.0.weight", "block.layers.0.bias", "block.layers.1.weight"),
                List.copyOf(net.parameters().keySet()));
        assertEquals(
                List.of("block", "block.layers", "block.layers.0", "block.layers.1"),
                List.copyOf(net.modules().keySet()));
        assertEquals(
                new Shape(2, 3), net.parameters().get("block.layers.0.weight").shape());
        assertEquals(3 * 2 + 2 + 2 * 2 + 2, net.parameterCount());
    }

    @Test
    void loadFillsEveryParameterFromPrefixedKeys() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, ai.djl.ndarray.NDArray> tensors = new LinkedHashMap<>();
            tensors.put("model.block.layers.0.weight", m.arange(6f).reshape(2, 3));
            tensors.put("model.block.layers.0.bias", m.create(new float[] {1, 2}));
            tensors.put("model.block.layers.1.weight", m.eye(2));
            tensors.put("model.block.scale", m.create(new float[] {3, 4}));
            Net net = new Net();
            try (StateDict weights = StateDict.of(tensors)) {
                net.load(weights, "model.");
                weights.requireAllUsed();
            }
            // y = W1 (W0 x + b0) with W0 = [[0,1,2],[3,4,5]], x = [1,1,1]: [3+1, 12+2].
            float[] y = net.block
                    .layers
                    .get(1)
                    .forward(net.block.layers.get(0).forward(m.ones(new Shape(1, 3))))
                    .toFloatArray();
            assertArrayEquals(new float[] {4, 14}, y, 0f);
        }
    }

    @Test
    void loadReportsEveryMissingKeyAndShapeMismatchAtOnce() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, ai.djl.ndarray.NDArray> tensors = new LinkedHashMap<>();
            tensors.put("block.layers.0.weight", m.zeros(new Shape(3, 2)));
            tensors.put("block.layers.0.bias", m.zeros(new Shape(2)));
            tensors.put("block.scale", m.zeros(new Shape(5)));
            try (StateDict weights = StateDict.of(tensors)) {
                WeightsException e = assertThrows(WeightsException.class, () -> new Net().load(weights, ""));
                String message = e.getMessage();
                assertTrue(message.contains("block.layers.1.weight"), message);
                assertTrue(message.contains("block.layers.0.weight: expected (2, 3), found (3, 2)"), message);
                assertTrue(message.contains("block.scale: expected (2), found (5)"), message);
            }
        }
    }

    @Test
    void initializeIsSeededAndFollowsEachParametersRule() {
        try (NDManager m = NDManager.newBaseManager()) {
            Net a = new Net();
            Net b = new Net();
            Net c = new Net();
            a.initialize(m, DataType.FLOAT32, 1);
            b.initialize(m, DataType.FLOAT32, 1);
            c.initialize(m, DataType.FLOAT32, 2);
            float[] wa = a.block.layers.get(0).weight().array().toFloatArray();
            assertArrayEquals(wa, b.block.layers.get(0).weight().array().toFloatArray(), 0f);
            assertNotEquals(wa[0], c.block.layers.get(0).weight().array().toFloatArray()[0]);
            double bound = 1 / Math.sqrt(3);
            for (float v : wa) {
                assertTrue(Math.abs(v) <= bound);
            }
            assertArrayEquals(
                    new float[] {0, 0}, a.block.layers.get(0).bias().array().toFloatArray(), 0f);
            assertArrayEquals(new float[] {1, 1}, a.block.scale.array().toFloatArray(), 0f);

            Net half = new Net();
            half.initialize(m, DataType.FLOAT16, 1);
            assertEquals(DataType.FLOAT16, half.block.scale.array().getDataType());
        }
    }

    @Test
    void unsetParameterFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Net().block.scale.array());
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
    }
}
