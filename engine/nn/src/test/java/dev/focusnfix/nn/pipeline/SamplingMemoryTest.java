package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.testkit.TestData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sampling keeps only what it returns: no array is left behind per step, in any manager. */
class SamplingMemoryTest {

    @Test
    void stepsOfALongRunLeaveNothingBehind() throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sdxl"), null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            SamplingSettings longRun = new SamplingSettings(64, 64, 500, 5f, 1f);
            NDArray xT = pipeline.initialLatents(1, longRun, 3, manager);
            int weights = pipeline.weightsManager().getManagedArrays().size();
            int conditioning =
                    ((TextConditioning) c).manager().getManagedArrays().size();
            int caller = manager.getManagedArrays().size();

            List<Integer> liveDuringSteps = new ArrayList<>();
            Sampler sampler = Sampler.of(pipeline);
            NDArray x = sampler.sampleSteps(
                    c,
                    xT,
                    longRun,
                    0,
                    6,
                    9,
                    step -> liveDuringSteps.add(manager.getManagedArrays().size()));
            assertEquals(6, liveDuringSteps.size());
            // From the second step on, the caller's x_T and the current latents are alive: the count must not grow.
            assertEquals(
                    1,
                    liveDuringSteps.subList(1, 6).stream().distinct().count(),
                    "live arrays per step: " + liveDuringSteps);

            assertEquals(caller + 1, manager.getManagedArrays().size(), "only the result is added");
            assertEquals(weights, pipeline.weightsManager().getManagedArrays().size(), "weights manager unchanged");
            assertEquals(
                    conditioning,
                    ((TextConditioning) c).manager().getManagedArrays().size());
            assertFalse(xT.isReleased(), "the caller's x_T is left alone");

            // The step-by-step API leaves only its results in the caller's manager too.
            int before = manager.getManagedArrays().size();
            ModelOutput eps = pipeline.predict(x, 989, c, 5f);
            NDArray x0 = pipeline.predictOriginal(x, eps, 989);
            NDArray prev = pipeline.step(x, eps, 989, 987, 0f, null);
            NDArray image = pipeline.decode(x0);
            NDArray back = pipeline.encode(image);
            assertEquals(before + 5, manager.getManagedArrays().size());
            for (NDArray a : List.of(eps.value(), x0, prev, image, back)) {
                assertEquals(manager, a.getManager());
            }
        }
    }

    @Test
    void stochasticSamplingIsReproducibleFromTheNoiseSeed() throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            SamplingSettings settings = new SamplingSettings(64, 64, 3, 7.5f, 1f);
            NDArray xT = pipeline.initialLatents(1, settings, 3, manager);
            Sampler sampler = Sampler.of(pipeline);
            float[] a = sampler.sample(c, xT, settings, 21, null).toFloatArray();
            float[] b = sampler.sample(c, xT, settings, 21, null).toFloatArray();
            float[] other = sampler.sample(c, xT, settings, 22, null).toFloatArray();
            assertArrayEquals(a, b, 0f);
            assertFalse(java.util.Arrays.equals(a, other));
            // Split runs equal the whole run.
            NDArray half = sampler.sampleSteps(c, xT, settings, 0, 1, 21, null);
            float[] split =
                    sampler.sampleSteps(c, half, settings, 1, 3, 21, null).toFloatArray();
            assertArrayEquals(a, split, 0f);
        }
    }
}
