package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A pipeline with random weights has the architecture its folder's configs describe: the same parameters, by name
 * and shape, as the checkpoint loaded from the same folder, seeded values, and a working sampler and decoder.
 */
class RandomWeightsPipelineTest {

    private static final SamplingSettings SETTINGS = new SamplingSettings(32, 32, 2, 2f, 0f);

    private static Map<String, Shape> shapes(Module module) {
        Map<String, Shape> shapes = new TreeMap<>();
        for (Map.Entry<String, Parameter> e : module.parameters().entrySet()) {
            shapes.put(e.getKey(), e.getValue().array().getShape());
        }
        return shapes;
    }

    @Test
    void theRandomPipelineHasTheCheckpointsParametersAndSeededValues() throws Exception {
        try (LatentDiffusionPipeline loaded = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, SETTINGS, Device.cpu(), DataType.FLOAT32);
                LatentDiffusionPipeline random = LatentDiffusionPipeline.withRandomWeights(
                        TestData.path("tiny-sd"), SETTINGS, Device.cpu(), DataType.FLOAT32, 5);
                LatentDiffusionPipeline again = LatentDiffusionPipeline.withRandomWeights(
                        TestData.path("tiny-sd"), SETTINGS, Device.cpu(), DataType.FLOAT32, 5)) {
            assertEquals(shapes(loaded.unet()), shapes(random.unet()));
            assertEquals(shapes(loaded.vae()), shapes(random.vae()));
            String name = "conv_in.weight";
            float[] a = random.unet().parameters().get(name).array().toFloatArray();
            assertArrayEquals(a, again.unet().parameters().get(name).array().toFloatArray(), 0f, "same seed");
            assertNotEquals(
                    List.of(loaded.unet().parameters().get(name).array().toFloatArray()[0]),
                    List.of(a[0]),
                    "random, not the checkpoint's");

            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                    Conditioning c = random.encodePrompts(PromptBatch.of(List.of("a red circle")), m)) {
                NDArray latents = Sampler.of(random).sample(c, random.initialLatents(1, SETTINGS, 3, m), SETTINGS);
                NDArray image = random.decode(latents);
                assertEquals(new Shape(1, 3, 32, 32), image.getShape());
            }
        }
    }

    @Test
    void onlyStableDiffusionLayoutsAreBuilt() {
        assertThrows(
                IllegalArgumentException.class,
                () -> LatentDiffusionPipeline.withRandomWeights(
                        TestData.path("tiny-ldm"), SETTINGS, Device.cpu(), DataType.FLOAT32, 5));
    }
}
