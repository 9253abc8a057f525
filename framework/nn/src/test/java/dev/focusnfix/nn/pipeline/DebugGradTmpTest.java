package dev.focusnfix.nn.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.testkit.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebugGradTmpTest {
    @Test
    void debug() throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null,
                        Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            pipeline.adapters().attach(new LoraSpec(2, 2f, List.of("to_q", "to_v")), 3);
            Map<String, NDArray> trainable = pipeline.adapters().trainable();
            NDArray x = pipeline.initialLatents(1, pipeline.defaults(), 11, manager);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray eps = pipeline.predictNoise(x, 601, c, Float.parseFloat(System.getProperty("g", "7.5")));
                NDArray loss = eps.square().mean();
                if (Boolean.getBoolean("img")) {
                    loss = loss.add(pipeline.decode(pipeline.predictOriginal(x, eps, 601)).mean());
                }
                collector.backward(loss);
                System.out.println("x grad " + x.getGradient().abs().sum().getFloat());
                trainable.forEach((k, v) -> { if (k.contains("down_blocks.0.attentions.0")) System.out.println(k + " " + v.hasGradient() + " " + v.getGradient().abs().sum().getFloat()); });
            }
        }
    }
}
