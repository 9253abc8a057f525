package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compute dtype is a setting: float16 weights give float16 latents close to the float32 run. */
class HalfPrecisionTest {

    @Test
    void float16RunIsCloseToFloat32() throws Exception {
        SamplingSettings settings = new SamplingSettings(128, 128, 4, 7.5f, 0f);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray full = run(DataType.FLOAT32, settings, manager);
            NDArray half = run(DataType.FLOAT16, settings, manager);
            assertEquals(DataType.FLOAT16, half.getDataType());
            double error = TensorAssert.relativeL2(full, half);
            System.out.printf("tiny-sd float16 vs float32 after 4 steps: relative L2 %.2e%n", error);
            TensorAssert.assertClose("float16 final latents", full, half.toType(DataType.FLOAT32, false), 3e-2);
        }
    }

    @Test
    void bfloat16IsRejectedClearly() {
        assertThrows(
                IllegalArgumentException.class,
                () -> LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.BFLOAT16));
    }

    private static NDArray run(DataType dtype, SamplingSettings settings, NDManager manager) throws Exception {
        try (LatentDiffusionPipeline pipeline =
                        LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null, Device.cpu(), dtype);
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            NDArray xT = pipeline.initialLatents(1, settings, 1, manager);
            assertEquals(dtype, xT.getDataType());
            NDArray latents = Sampler.of(pipeline).sample(c, xT, settings);
            NDArray image = pipeline.decode(latents);
            assertEquals(dtype, image.getDataType(), "images come back in the latents' dtype");
            return latents;
        }
    }
}
