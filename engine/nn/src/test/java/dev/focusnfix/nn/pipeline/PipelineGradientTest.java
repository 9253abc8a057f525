package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.ops.GarbageChurn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The last sampling steps and the decoder are differentiable with respect to the latents and the trainable adapters,
 * also when the garbage collector runs before the backward pass: the gradients are finite, reach the adapters, are
 * the same, bit for bit, when the computation is repeated, and agree with finite differences.
 */
class PipelineGradientTest {

    @Test
    void gradientsReachLatentsAndAdaptersThroughStepsAndDecoder() throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            pipeline.adapters().attach(new LoraSpec(2, 2f, List.of("to_q", "to_v")), 3);
            Map<String, NDArray> trainable = pipeline.adapters().trainable();
            SamplingSettings settings = new SamplingSettings(64, 64, 10, 7.5f, 0f);

            Map<String, double[]> first = gradients(pipeline, c, settings, trainable, manager);
            Map<String, double[]> second = gradients(pipeline, c, settings, trainable, manager);

            double xGrad = sumOfAbs(first.get("x"));
            assertTrue(xGrad > 0 && Double.isFinite(xGrad), "x_t gradient " + xGrad);
            for (String name : trainable.keySet()) {
                double g = sumOfAbs(first.get(name));
                assertTrue(Double.isFinite(g), name + " gradient " + g);
                if (name.endsWith("lora_B.weight")) {
                    assertTrue(g > 0, name + " gradient " + g);
                }
            }
            for (String name : first.keySet()) {
                assertArrayEquals(first.get(name), second.get(name), 0.0, name + " gradient differs between runs");
            }
            assertFalse(pipeline.unet().parameters().get("conv_in.weight").requiresGradient());
        }
    }

    /**
     * Float16 compute with float32 adapters: the gradients reach the adapters through every path (the casts between
     * the float16 network and the float32 adapters, and the float32 scores of attention, keep the graph) and agree
     * with float32's to float16 precision, for adapters on every attention projection.
     */
    @Test
    void float16GradientsIntoFloat32AdaptersMatchFloat32() throws Exception {
        SamplingSettings settings = new SamplingSettings(64, 64, 10, 7.5f, 0f);
        Map<String, Map<String, double[]>> byType = new LinkedHashMap<>();
        for (DataType dtype : List.of(DataType.FLOAT32, DataType.FLOAT16)) {
            try (LatentDiffusionPipeline pipeline =
                            LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null, Device.cpu(), dtype);
                    NDManager manager = NDManager.newBaseManager(Device.cpu());
                    Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
                pipeline.adapters().attach(new LoraSpec(2, 2f, LoraSpec.DEFAULT_TARGETS), 3);
                Map<String, NDArray> trainable = pipeline.adapters().trainable();
                for (NDArray p : trainable.values()) {
                    assertEquals(DataType.FLOAT32, p.getDataType());
                }
                byType.put(dtype.toString(), gradients(pipeline, c, settings, trainable, manager));
            }
        }
        Map<String, double[]> full = byType.get(DataType.FLOAT32.toString());
        Map<String, double[]> half = byType.get(DataType.FLOAT16.toString());
        double diff = 0;
        double norm = 0;
        for (String name : full.keySet()) {
            double[] a = full.get(name);
            double[] b = half.get(name);
            for (int i = 0; i < a.length; i++) {
                diff += (a[i] - b[i]) * (a[i] - b[i]);
                norm += a[i] * a[i];
            }
        }
        double relative = Math.sqrt(diff / norm);
        System.out.printf("float16 vs float32 gradients (latents and adapters): relative L2 %.3e%n", relative);
        assertTrue(relative < 5e-2, "relative L2 " + relative);
    }

    /**
     * The latents' gradient against central finite differences along a random direction. In float64, so that the
     * finite differences are accurate enough for a tight comparison (in float32 they are only good to about 2%).
     */
    @Test
    void latentGradientMatchesFiniteDifferences() throws Exception {
        try (LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT64);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = pipeline.encodePrompts(PromptBatch.of(List.of("a stop sign")), manager)) {
            SamplingSettings settings = new SamplingSettings(64, 64, 10, 7.5f, 0f);
            double[] gradient =
                    gradients(pipeline, c, settings, Map.of(), manager).get("x");
            NDArray x = pipeline.initialLatents(1, settings, 11, manager);
            NDArray direction = GaussianNoise.standardNormal(12, x.getShape(), manager, DataType.FLOAT64);
            double[] d = direction.toDoubleArray();
            double analytic = 0;
            for (int i = 0; i < d.length; i++) {
                analytic += gradient[i] * d[i];
            }
            double h = 1e-4;
            double numeric = (loss(pipeline, c, settings, x.add(Scalars.mul(direction, h)))
                            - loss(pipeline, c, settings, x.sub(Scalars.mul(direction, h))))
                    / (2 * h);
            System.out.printf(
                    "pipeline latent gradient: autograd %.12g, finite differences %.12g (relative %.2e)%n",
                    analytic, numeric, Math.abs(analytic - numeric) / Math.abs(numeric));
            assertEquals(numeric, analytic, 1e-6 * Math.abs(numeric), "directional derivative");
        }
    }

    /** The pixel loss after the last two steps and the decoder. */
    private static double loss(LatentDiffusionPipeline pipeline, Conditioning c, SamplingSettings settings, NDArray x) {
        NDArray latents = Sampler.of(pipeline).sampleSteps(c, x, settings, 8, 10, 0, null);
        NDArray image = pipeline.decode(latents);
        return Scalars.pow(image.sub(0.3), 2)
                .mean()
                .toType(DataType.FLOAT64, false)
                .getDouble();
    }

    /** The gradients of a pixel loss after two steps and the decoder, with garbage collection before backward. */
    private static Map<String, double[]> gradients(
            LatentDiffusionPipeline pipeline,
            Conditioning c,
            SamplingSettings settings,
            Map<String, NDArray> trainable,
            NDManager manager) {
        try (NDManager run = manager.newSubManager()) {
            NDArray x = pipeline.initialLatents(1, settings, 11, run);
            x.setRequiresGradient(true);
            Map<String, double[]> gradients = new LinkedHashMap<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray latents = Sampler.of(pipeline).sampleSteps(c, x, settings, 8, 10, 0, null);
                NDArray image = pipeline.decode(latents);
                NDArray loss = Scalars.pow(image.sub(0.3), 2).mean();
                latents.close();
                image.close();
                GarbageChurn.run();
                collector.backward(loss);
            }
            gradients.put("x", x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
            for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
                NDArray g = e.getValue().getGradient();
                gradients.put(e.getKey(), g.toType(DataType.FLOAT64, false).toDoubleArray());
                // Gradients accumulate across backward passes: start the next run from zero.
                g.subi(g);
            }
            return gradients;
        }
    }

    private static double sumOfAbs(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += Math.abs(v);
        }
        return sum;
    }
}
