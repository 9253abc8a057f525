package dev.focusnfix.nn.unet;

import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The UNet reproduces diffusers 0.25's outputs on the tiny fixtures (relative L2 <= 1e-4, float32, CPU). */
class UNetParityTest {

    @Test
    void tinySdMatchesDiffusers() throws Exception {
        assertParity("tiny-sd");
    }

    @Test
    void tinySdxlWithTextTimeEmbeddingMatchesDiffusers() throws Exception {
        assertParity("tiny-sdxl");
    }

    @Test
    void tinyLdmMatchesDiffusers() throws Exception {
        assertParity("tiny-ldm");
    }

    @Test
    void toyShapesUnetLoadsEveryTensorAndPredictsNoiseShapedOutput() throws Exception {
        Path folder = TestData.root().getParent().resolve("models/toy-shapes/unet");
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet2DConditionModel unet = UNet2DConditionModel.load(folder, null, manager, DataType.FLOAT32);
            assertEquals(64, unet.config().blockOutChannels().get(0));
            try (NDManager step = manager.newSubManager()) {
                NDArray sample = step.randomNormal(new Shape(2, 4, 8, 8));
                NDArray t = step.create(new float[] {999, 10});
                NDArray context = step.randomNormal(new Shape(2, 77, 64));
                NDArray out = unet.forward(sample, t, context);
                assertArrayEquals(new long[] {2, 4, 8, 8}, out.getShape().getShape());
                assertEquals(false, Float.isNaN(out.sum().getFloat()));
            }
        }
    }

    static void assertParity(String model) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet2DConditionModel unet =
                    UNet2DConditionModel.load(TestData.path(model + "/unet"), null, manager, DataType.FLOAT32);
            try (NDManager step = manager.newSubManager();
                    StateDict expected = StateDict.read(
                            TestData.path(model + "/expected/unet.safetensors"), step, DataType.FLOAT32)) {
                UNet2DConditionModel.AddedConditions added = expected.contains("text_embeds")
                        ? new UNet2DConditionModel.AddedConditions(
                                expected.get("text_embeds"), expected.get("time_ids"))
                        : null;
                NDArray out = unet.forward(
                        expected.get("sample"), expected.get("timestep"), expected.get("encoder_hidden_states"), added);
                System.out.printf(
                        "%s unet: relative L2 error %.2e%n", model, TensorAssert.relativeL2(expected.get("out"), out));
                assertMatchesReference(model + " unet out", expected.get("out"), out);
            }
        }
    }
}
