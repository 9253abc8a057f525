package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Adapters;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's Adapters on the UNet: scale 0 is the base model exactly; trainable adapters save as PEFT. */
class PipelineAdaptersTest {

    @Test
    void loadedLoraChangesOutputAndScaleZeroRestoresBaseExactly() throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            NDArray x = pipeline.initialLatents(1, pipeline.defaults(), 11, manager);
            float[] base = pipeline.predict(x, 601, c, 7.5f).value().toFloatArray();

            Adapters adapters = pipeline.adapters();
            assertTrue(adapters.trainable().isEmpty());
            adapters.load(TestData.path("tiny-sd/lora/peft_rank4.safetensors"), 1f);
            float[] withLora = pipeline.predict(x, 601, c, 7.5f).value().toFloatArray();
            assertFalse(java.util.Arrays.equals(base, withLora), "the LoRA changes the prediction");

            adapters.setScale(0f);
            assertEquals(0f, adapters.scale());
            assertArrayEquals(base, pipeline.predict(x, 601, c, 7.5f).value().toFloatArray(), 0f);
            adapters.setScale(1f);
            assertArrayEquals(
                    withLora, pipeline.predict(x, 601, c, 7.5f).value().toFloatArray(), 0f);

            // Fresh trainable adapters start as the identity (B = 0), on top of the loaded ones.
            adapters.attach(new LoraSpec(4, 4f, LoraSpec.DEFAULT_TARGETS), 7);
            assertArrayEquals(
                    withLora, pipeline.predict(x, 601, c, 7.5f).value().toFloatArray(), 0f);
            assertThrows(
                    IllegalStateException.class,
                    () -> adapters.attach(new LoraSpec(4, 4f, LoraSpec.DEFAULT_TARGETS), 7));
        }
    }

    @Test
    void trainableAdaptersAreNamedLikePeftAndSave(@TempDir Path dir) throws Exception {
        try (LatentDiffusionPipeline pipeline =
                LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32)) {
            Adapters adapters = pipeline.adapters();
            adapters.attach(new LoraSpec(2, 2f, List.of("to_q", "to_v")), 3);
            Map<String, NDArray> trainable = adapters.trainable();
            String someB = trainable.keySet().stream()
                    .filter(k -> k.endsWith("attn2.to_v.lora_B.weight"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(someB.startsWith("unet."), someB);
            assertTrue(trainable.keySet().stream().allMatch(k -> k.contains(".to_q.") || k.contains(".to_v.")));
            assertTrue(trainable.values().stream().allMatch(NDArray::hasGradient));

            Path file = dir.resolve("adapters.safetensors");
            adapters.save(file);
            assertTrue(Files.size(file) > 0);
            try (NDManager readManager = NDManager.newBaseManager(Device.cpu());
                    StateDict saved = StateDict.read(file, readManager, DataType.FLOAT32)) {
                assertEquals(trainable.keySet(), saved.keys());
            }
        }
    }
}
