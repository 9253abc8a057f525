package dev.focusnfix.nn.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.module.Parameter;
import org.junit.jupiter.api.Test;

/** The forward keeps autograd intact and leaves nothing behind in the weights' manager. */
class UNetAutogradAndMemoryTest {

    @Test
    void forwardCreatesNothingInTheWeightsManagerAndFreesItsIntermediates() throws Exception {
        try (NDManager weights = NDManager.newBaseManager();
                NDManager step = NDManager.newBaseManager()) {
            UNet2DConditionModel unet =
                    UNet2DConditionModel.load(TestData.path("tiny-sdxl/unet"), null, weights, DataType.FLOAT32);
            weights.cap(); // any array attached to the weights' manager from now on would throw
            NDArray sample = step.randomNormal(new Shape(1, 4, 16, 16));
            NDArray t = step.create(new float[] {500});
            NDArray context = step.randomNormal(new Shape(1, 77, 64));
            NDArray textEmbeds = step.randomNormal(new Shape(1, 32));
            NDArray timeIds = step.create(new float[] {128, 128, 0, 0, 128, 128}, new Shape(1, 6));
            int before = step.getManagedArrays().size();
            NDArray out =
                    unet.forward(sample, t, context, new UNet2DConditionModel.AddedConditions(textEmbeds, timeIds));
            assertEquals(new Shape(1, 4, 16, 16), out.getShape());
            int left = step.getManagedArrays().size() - before;
            assertEquals(1, left, "only the output is left in the caller's manager");
        }
    }

    @Test
    void gradientsReachTheInputAndTrainableParametersAndAgreeWithFiniteDifferences() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet2DConditionModel unet =
                    UNet2DConditionModel.load(TestData.path("tiny-sd/unet"), null, manager, DataType.FLOAT32);
            Parameter convIn = unet.parameters().get("conv_in.weight");
            convIn.setRequiresGradient(true);
            NDArray sample = manager.randomNormal(new Shape(1, 4, 16, 16));
            NDArray t = manager.create(new float[] {321});
            NDArray context = manager.randomNormal(new Shape(1, 77, 32));
            NDArray direction = manager.randomNormal(new Shape(1, 4, 16, 16));
            sample.setRequiresGradient(true);
            float analytic;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = unet.forward(sample, t, context).square().mean();
                collector.backward(loss);
                analytic = sample.getGradient().mul(direction).sum().getFloat();
                assertTrue(convIn.array().getGradient().abs().sum().getFloat() > 0);
            }
            float eps = 1e-2f;
            double plus = unet.forward(sample.stopGradient().add(direction.mul(eps)), t, context)
                    .square()
                    .mean()
                    .getFloat();
            double minus = unet.forward(sample.stopGradient().sub(direction.mul(eps)), t, context)
                    .square()
                    .mean()
                    .getFloat();
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(
                    numeric,
                    analytic,
                    2e-2 * Math.abs(numeric) + 1e-6,
                    "directional derivative: autograd " + analytic + " vs finite differences " + numeric);
        }
    }

    @Test
    void oddSizesUpsampleToTheSkipConnectionsSize() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet2DConditionModel unet =
                    UNet2DConditionModel.load(TestData.path("tiny-sd/unet"), null, manager, DataType.FLOAT32);
            NDArray out = unet.forward(
                    manager.randomNormal(new Shape(1, 4, 10, 14)),
                    manager.create(new float[] {5}),
                    manager.randomNormal(new Shape(1, 77, 32)));
            assertEquals(new Shape(1, 4, 10, 14), out.getShape());
        }
    }

    @Test
    void runsInFloat16WithFloat32AttentionAndStaysCloseToTheReference() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet2DConditionModel unet =
                    UNet2DConditionModel.load(TestData.path("tiny-sd/unet"), null, manager, DataType.FLOAT16);
            try (dev.focusnfix.nn.weights.StateDict expected = dev.focusnfix.nn.weights.StateDict.read(
                    TestData.path("tiny-sd/expected/unet.safetensors"), manager, DataType.FLOAT32)) {
                NDArray out = unet.forward(
                        expected.get("sample").toType(DataType.FLOAT16, false),
                        expected.get("timestep"),
                        expected.get("encoder_hidden_states").toType(DataType.FLOAT16, false));
                assertEquals(DataType.FLOAT16, out.getDataType());
                NDArray out32 = out.toType(DataType.FLOAT32, false);
                System.out.printf(
                        "float16 unet: relative L2 error %.2e%n",
                        dev.focusnfix.api.testkit.TensorAssert.relativeL2(expected.get("out"), out32));
                // Half precision keeps about 3 significant digits.
                dev.focusnfix.api.testkit.TensorAssert.assertClose("float16 unet", expected.get("out"), out32, 1e-2);
            }
        }
    }
}
