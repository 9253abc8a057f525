package dev.focusnfix.nn.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonParser;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DdimSchedulerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static DdimScheduler ddim(String json) {
        return DdimScheduler.fromConfig(
                SchedulerConfig.fromJson(JsonParser.parseString(json).getAsJsonObject(), "test config"));
    }

    // ---- timesteps against the reference pipeline runs ----

    @Test
    void timestepsMatchTheReferencePipelines() throws IOException {
        assertPipelineTimesteps("tiny-sd/scheduler", "tiny-sd/expected/pipeline_ddim10_cfg7.5.safetensors");
        assertPipelineTimesteps("tiny-sdxl/scheduler", "tiny-sdxl/expected/pipeline_ddim10_cfg5.safetensors");
        assertPipelineTimesteps("tiny-ldm/scheduler", "tiny-ldm/expected/pipeline_ddim10_cfg6.safetensors");
        Path toy = TestData.root().resolve("../models/toy-shapes").normalize();
        assertPipelineTimesteps(toy.resolve("scheduler"), toy.resolve("expected/pipeline_ddim20_cfg5.safetensors"));
    }

    private void assertPipelineTimesteps(String scheduler, String expected) throws IOException {
        assertPipelineTimesteps(TestData.path(scheduler), TestData.path(expected));
    }

    private void assertPipelineTimesteps(Path scheduler, Path expected) throws IOException {
        DdimScheduler ddim = DdimScheduler.fromConfig(scheduler);
        try (StateDict reference = StateDict.read(expected, manager, DataType.FLOAT32)) {
            float[] stored = reference.get("timesteps").toFloatArray();
            int[] want = new int[stored.length];
            for (int i = 0; i < stored.length; i++) {
                want[i] = Math.round(stored[i]);
            }
            assertArrayEquals(want, ddim.timesteps(stored.length), expected.toString());
        }
    }

    // ---- timestep spacing, worked out from the diffusers definitions ----

    @Test
    void leadingSpacingAddsTheOffset() {
        DdimScheduler withOffset = ddim("{\"steps_offset\": 1, \"timestep_spacing\": \"leading\"}");
        assertArrayEquals(new int[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1}, withOffset.timesteps(10));
        // 1000 // 3 = 333: 666, 333, 0 (+0)
        assertArrayEquals(new int[] {666, 333, 0}, ddim("{}").timesteps(3));
        // 1000 // 7 = 142: 6*142 .. 0, plus 1
        assertArrayEquals(new int[] {853, 711, 569, 427, 285, 143, 1}, withOffset.timesteps(7));
        assertEquals(801, withOffset.previousTimestep(901, 10));
        assertEquals(-99, withOffset.previousTimestep(1, 10));
    }

    @Test
    void leadingIsTheDefaultSpacing() {
        assertEquals(
                SchedulerConfig.TimestepSpacing.LEADING, ddim("{}").config().timestepSpacing());
        assertArrayEquals(
                new int[] {900, 800, 700, 600, 500, 400, 300, 200, 100, 0},
                ddim("{}").timesteps(10));
    }

    @Test
    void trailingSpacingCountsDownFromTheLastStep() {
        DdimScheduler trailing = ddim("{\"timestep_spacing\": \"trailing\", \"steps_offset\": 1}");
        // round(1000 - k * 1000/steps) - 1; steps_offset is not used by trailing
        assertArrayEquals(new int[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99}, trailing.timesteps(10));
        // 1000, 666.67, 333.33 -> 1000, 667, 333 -> minus 1
        assertArrayEquals(new int[] {999, 666, 332}, trailing.timesteps(3));
        // 1000 - k * 142.857...: 1000, 857.1, 714.3, 571.4, 428.6, 285.7, 142.9 -> rounded, minus 1
        assertArrayEquals(new int[] {999, 856, 713, 570, 428, 285, 142}, trailing.timesteps(7));
        assertArrayEquals(new int[] {999}, trailing.timesteps(1));
    }

    @Test
    void linspaceSpacingRoundsHalfToEven() {
        DdimScheduler linspace = ddim("{\"timestep_spacing\": \"linspace\", \"steps_offset\": 1}");
        // linspace(0, 999, 10) = 0, 111, ..., 999 (exact)
        assertArrayEquals(new int[] {999, 888, 777, 666, 555, 444, 333, 222, 111, 0}, linspace.timesteps(10));
        // linspace(0, 999, 7) step 166.5: 0, 166.5, 333, 499.5, 666, 832.5, 999 -> halves to even
        assertArrayEquals(new int[] {999, 832, 666, 500, 333, 166, 0}, linspace.timesteps(7));
        assertArrayEquals(new int[] {999, 500, 0}, linspace.timesteps(3));
    }

    @Test
    void stepCountOutsideTheScheduleIsRejected() {
        DdimScheduler d = ddim("{}");
        assertThrows(IllegalArgumentException.class, () -> d.timesteps(0));
        assertThrows(IllegalArgumentException.class, () -> d.timesteps(1001));
        assertEquals(1000, d.timesteps(1000).length);
    }

    // ---- the noise schedule against formulas evaluated here in double precision ----

    @Test
    void scaledLinearAlphaBarMatchesTheFormula() throws IOException {
        DdimScheduler sd = DdimScheduler.fromConfig(TestData.path("tiny-sd/scheduler/scheduler_config.json"));
        double from = Math.sqrt(0.00085);
        double to = Math.sqrt(0.012);
        double product = 1;
        for (int t = 0; t < 1000; t++) {
            double root = from + (to - from) * t / 999.0;
            product *= 1 - root * root;
            assertEquals(product, sd.alphaBar(t), 2e-6 * product, "alphaBar(" + t + ")");
        }
        // Spot values (the SD v1 schedule): alphaBar_0 = 1 - 0.00085, alphaBar_999 ~ 0.0047
        assertEquals(0.99915, sd.alphaBar(0), 1e-7);
        assertEquals(0.0046, sd.alphaBar(999), 1e-4);
        // set_alpha_to_one = false: the final alphaBar is alphaBar_0
        assertEquals(sd.alphaBar(0), sd.alphaBar(-1));
    }

    @Test
    void linearAndCosineSchedulesMatchTheirFormulas() {
        DdimScheduler linear = ddim("{\"beta_schedule\": \"linear\", \"beta_start\": 0.0001, \"beta_end\": 0.02,"
                + " \"num_train_timesteps\": 500}");
        double product = 1;
        for (int t = 0; t < 500; t++) {
            product *= 1 - (0.0001 + (0.02 - 0.0001) * t / 499.0);
            assertEquals(product, linear.alphaBar(t), 2e-6 * product + 1e-12, "linear alphaBar(" + t + ")");
        }
        assertEquals(1.0, linear.alphaBar(-1), "set_alpha_to_one defaults to true");

        DdimScheduler cosine = ddim("{\"beta_schedule\": \"squaredcos_cap_v2\"}");
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        for (int t : new int[] {0, 10, 500, 900}) {
            double f = Math.pow(Math.cos(((t + 1) / 1000.0 + 0.008) / 1.008 * Math.PI / 2), 2);
            assertEquals(f / f0, cosine.alphaBar(t), 1e-5 * f / f0, "cosine alphaBar(" + t + ")");
        }
    }

    @Test
    void configDefaultsFollowDdim() {
        SchedulerConfig c = SchedulerConfig.defaults();
        assertEquals(1000, c.numTrainTimesteps());
        assertEquals("linear", c.betaSchedule());
        assertTrue(c.clipSample());
        assertTrue(c.setAlphaToOne());
        assertEquals(0, c.stepsOffset());
        assertEquals(dev.focusnfix.api.sampling.PredictionType.EPSILON, c.predictionType());
        assertEquals(1.0, c.clipSampleRange());
    }

    @Test
    void unsupportedValuesNameTheKeyAndTheAcceptedValues() {
        assertMessage(
                () -> ddim("{\"beta_schedule\": \"sigmoid\"}"),
                "beta_schedule",
                "\"sigmoid\"",
                "linear, scaled_linear, squaredcos_cap_v2");
        assertMessage(
                () -> ddim("{\"timestep_spacing\": \"karras\"}"), "timestep_spacing", "leading, trailing, linspace");
        assertMessage(() -> ddim("{\"prediction_type\": \"x0\"}"), "prediction_type", "epsilon, v_prediction, sample");
        assertMessage(() -> ddim("{\"thresholding\": true}"), "thresholding");
        assertMessage(() -> ddim("{\"steps_offset\": \"1\"}"), "steps_offset", "an integer");
        assertMessage(() -> ddim("{\"steps_offset\": 1.5}"), "steps_offset");
        assertMessage(() -> ddim("{\"clip_sample\": \"yes\"}"), "clip_sample", "true or false");
        assertMessage(() -> ddim("{\"num_train_timesteps\": 0}"), "num_train_timesteps");
    }

    private static void assertMessage(Runnable action, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "\"" + e.getMessage() + "\" should contain \"" + f + "\"");
        }
        assertTrue(e.getMessage().contains("test config"), e.getMessage());
    }

    // ---- steps: feeding the exact noise recovers the known clean sample ----

    private NDArray x0() {
        return manager.create(new float[] {0.5f, -0.25f, 0.75f, -1f, 0.1f, 0f}, new Shape(1, 1, 2, 3));
    }

    private NDArray eps() {
        return manager.create(new float[] {1.2f, -0.3f, 0.05f, 0.8f, -1.5f, 0.4f}, new Shape(1, 1, 2, 3));
    }

    @Test
    void epsilonPredictionRecoversX0AndStepsOntoTheForwardProcess() {
        DdimScheduler d = ddim("{\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012,"
                + " \"clip_sample\": false, \"set_alpha_to_one\": false, \"steps_offset\": 1}");
        NDArray x0 = x0();
        NDArray eps = eps();
        int t = 701;
        int prevT = 601;
        double a = d.alphaBar(t);
        NDArray xT = x0.mul(Math.sqrt(a)).add(eps.mul(Math.sqrt(1 - a)));
        assertClose(x0, d.predictX0(eps, t, xT), 1e-5);
        // With the true noise, an eta = 0 step lands exactly on the forward process at prevT.
        assertClose(d.addNoise(x0, eps, prevT), d.step(eps, t, prevT, xT), 1e-5);
        // The last step (prevT < 0) uses the final alphaBar (alphaBar_0 here).
        double a0 = d.alphaBar(0);
        NDArray last = d.step(eps, t, -99, xT);
        assertClose(x0.mul(Math.sqrt(a0)).add(eps.mul(Math.sqrt(1 - a0))), last, 1e-5);
    }

    @Test
    void vPredictionRecoversX0AndEps() {
        DdimScheduler d = ddim("{\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012,"
                + " \"clip_sample\": false, \"prediction_type\": \"v_prediction\"}");
        NDArray x0 = x0();
        NDArray eps = eps();
        int t = 450;
        double a = d.alphaBar(t);
        NDArray xT = d.addNoise(x0, eps, t);
        NDArray v = d.velocity(x0, eps, t);
        // v = sqrt(a) eps - sqrt(1 - a) x0, written out here
        assertClose(eps.mul(Math.sqrt(a)).sub(x0.mul(Math.sqrt(1 - a))), v, 1e-6);
        assertClose(x0, d.predictX0(v, t, xT), 1e-5);
        assertClose(eps, d.predictEps(v, t, xT), 1e-5);
        DdimScheduler.Step step = d.step(v, t, 350, xT, 0.0, null);
        assertClose(d.addNoise(x0, eps, 350), step.prevSample(), 1e-5);
        assertClose(x0, step.predX0(), 1e-5);
    }

    @Test
    void samplePredictionRecoversEps() {
        DdimScheduler d = ddim("{\"clip_sample\": false, \"prediction_type\": \"sample\"}");
        NDArray x0 = x0();
        NDArray eps = eps();
        NDArray xT = d.addNoise(x0, eps, 300);
        assertClose(eps, d.predictEps(x0, 300, xT), 1e-4);
        assertClose(d.addNoise(x0, eps, 200), d.step(x0, 300, 200, xT), 1e-5);
    }

    @Test
    void etaAddsTheCallersNoiseWithTheDdpmVariance() {
        DdimScheduler d = ddim("{\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012,"
                + " \"clip_sample\": false}");
        NDArray x0 = x0();
        NDArray eps = eps();
        NDArray noise = manager.create(new float[] {0.3f, 0.1f, -0.7f, 0.2f, 0.9f, -0.4f}, new Shape(1, 1, 2, 3));
        int t = 501;
        int prevT = 401;
        double a = d.alphaBar(t);
        double aPrev = d.alphaBar(prevT);
        double eta = 0.7;
        double sigma = eta * Math.sqrt((1 - aPrev) / (1 - a) * (1 - a / aPrev));
        NDArray xT = d.addNoise(x0, eps, t);
        NDArray expected = x0.mul(Math.sqrt(aPrev))
                .add(eps.mul(Math.sqrt(1 - aPrev - sigma * sigma)))
                .add(noise.mul(sigma));
        assertClose(expected, d.step(eps, t, prevT, xT, eta, noise).prevSample(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> d.step(eps, t, prevT, xT, eta, null));
    }

    @Test
    void clipSampleBoundsThePredictedX0() {
        DdimScheduler d = ddim("{\"clip_sample\": true, \"clip_sample_range\": 0.5}");
        NDArray x0 = x0();
        NDArray eps = eps();
        NDArray xT = d.addNoise(x0, eps, 100);
        assertArrayEquals(
                new float[] {0.5f, -0.25f, 0.5f, -0.5f, 0.1f, 0f},
                d.predictX0(eps, 100, xT).toFloatArray(),
                1e-5f);
    }

    @Test
    void perRowTimestepsNoiseEachRowAtItsOwnLevel() {
        DdimScheduler d = ddim("{}");
        NDArray x0 = x0().concat(x0(), 0);
        NDArray eps = eps().concat(eps(), 0);
        NDArray noisy = d.addNoise(x0, eps, new int[] {10, 900});
        assertClose(d.addNoise(x0(), eps(), 10), noisy.get(0).expandDims(0), 1e-6);
        assertClose(d.addNoise(x0(), eps(), 900), noisy.get(1).expandDims(0), 1e-6);
    }

    @Test
    void gradientsFlowThroughAStep() {
        DdimScheduler d = ddim("{\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012,"
                + " \"clip_sample\": false}");
        NDArray eps = eps();
        NDArray xT = d.addNoise(x0(), eps, 601);
        eps.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray prev = d.step(eps, 601, 501, xT);
            collector.backward(prev.sum());
        }
        double a = d.alphaBar(601);
        double aPrev = d.alphaBar(501);
        // d xPrev / d eps = -sqrt(aPrev) sqrt(1 - a) / sqrt(a) + sqrt(1 - aPrev)
        double slope = -Math.sqrt(aPrev) * Math.sqrt(1 - a) / Math.sqrt(a) + Math.sqrt(1 - aPrev);
        for (float g : eps.getGradient().toFloatArray()) {
            assertEquals(slope, g, 1e-5);
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, double tolerance) {
        assertEquals(expected.getShape(), actual.getShape());
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), (float) tolerance);
    }
}
