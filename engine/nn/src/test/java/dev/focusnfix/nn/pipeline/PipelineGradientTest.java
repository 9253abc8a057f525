package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The last sampling steps and the decoder are differentiable with respect to the latents and the trainable adapters,
 * also when the garbage collector runs before the backward pass.
 */
class PipelineGradientTest {

    @Test
    @Disabled("DJL CPU gradient hazard: numeric-scalar mul/div in unet, vae and sampling corrupt gradients after a GC;"
            + " see /work/notes/djl-cpu-gradient-hazard.md. Enable once those packages use engine-owned scalars.")
    void gradientsReachLatentsAndAdaptersThroughStepsAndDecoder() throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null,
                        Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            pipeline.adapters().attach(new LoraSpec(2, 2f, List.of("to_q", "to_v")), 3);
            Map<String, NDArray> trainable = pipeline.adapters().trainable();
            SamplingSettings settings = new SamplingSettings(64, 64, 10, 7.5f, 0f);
            NDArray x = pipeline.initialLatents(1, settings, 11, manager);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray latents = Sampler.of(pipeline).sampleSteps(c, x, settings, 8, 10, 0, null);
                NDArray image = pipeline.decode(latents);
                NDArray loss = image.sub(0.3).square().mean();
                GarbageChurn.run();
                collector.backward(loss);
                float xGrad = x.getGradient().abs().sum().getFloat();
                assertTrue(xGrad > 0 && Float.isFinite(xGrad), "x_t gradient " + xGrad);
                for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
                    float g = e.getValue().getGradient().abs().sum().getFloat();
                    assertTrue(Float.isFinite(g), e.getKey() + " gradient " + g);
                    if (e.getKey().endsWith("lora_B.weight")) {
                        assertTrue(g > 0, e.getKey() + " gradient " + g);
                    }
                }
                assertFalse(pipeline.unet().parameters().get("conv_in.weight").requiresGradient());
            }
        }
    }
}
