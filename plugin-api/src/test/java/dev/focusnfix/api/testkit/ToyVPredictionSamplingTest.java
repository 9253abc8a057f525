package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classifier-free guided DDIM through the sampling contract alone, on the v-prediction toy backbone, against numbers
 * computed by hand. The toy's data are {@code x_0 ~ N(mu(p), s^2)} per element, so with {@code a = alphaBar(t)} and
 * {@code d = a s^2 + 1 - a} the exact posterior is {@code E[x_0|x_t] = mu + sqrt(a) s^2 (x_t - sqrt(a) mu) / d} and
 * {@code E[eps|x_t] = sqrt(1 - a) (x_t - sqrt(a) mu) / d}; guidance {@code g} on a model linear in {@code mu} is the
 * model of {@code mu_g = mu_u + g (mu_c - mu_u)}. The references below use these posterior formulas (never v), in
 * double precision.
 */
class ToyVPredictionSamplingTest {

    private static final double S = ToyVPredictionBackbone.Options.defaults().dataStd();
    private static final List<String> PROMPTS = List.of("a circle on a blue background", "a red square");

    @TempDir
    Path folder;

    private TestExtensionContext context;
    private DiffusionPipeline pipeline;
    private NDManager manager;

    @BeforeEach
    void open() throws Exception {
        context = new TestExtensionContext(folder, folder, 0);
        pipeline = new ToyVPredictionBackbone()
                .open(
                        new BackboneSettings(
                                ToyVPredictionBackbone.writeModelFolder(folder.resolve("toy")),
                                new SamplingSettings(4, 4, 10, 3f, 0f)),
                        ToyVPredictionBackbone.Options.defaults(),
                        context);
        manager = context.manager().newSubManager();
    }

    @AfterEach
    void close() {
        manager.close();
        pipeline.close();
        context.close();
    }

    /** Deterministic DDIM through the contract: the schedule's timesteps, the guided output, the pipeline's step. */
    private static NDArray ddim(DiffusionPipeline p, Conditioning c, NDArray initialLatents, int steps, float g) {
        DiffusionSchedule schedule = p.schedule();
        NDArray x = initialLatents;
        for (int t : schedule.timesteps(steps)) {
            try (ModelOutputs out = new ModelOutputs(p.predict(x, t, c, g))) {
                NDArray next = p.step(x, out.output, t, schedule.previousTimestep(t, steps), 0f, null);
                if (x != initialLatents) {
                    x.close();
                }
                x = next;
            }
        }
        return x;
    }

    /** Closes a model output's value after the step has used it. */
    private record ModelOutputs(ModelOutput output) implements AutoCloseable {
        @Override
        public void close() {
            output.value().close();
        }
    }

    /** The guided mean of element {@code i} of a {@code [2, 3, 4, 4]} batch. */
    private static double guidedMean(int i, float g) {
        int perSample = ToyVPredictionBackbone.CHANNELS * 16;
        int sample = i / perSample;
        int channel = (i % perSample) / 16;
        double cond = ToyVPredictionBackbone.promptMean(PROMPTS.get(sample))[channel];
        double uncond = ToyVPredictionBackbone.promptMean("")[channel];
        return uncond + g * (cond - uncond);
    }

    @Test
    void theGuidedOutputIsTheExactVelocityOfTheGuidedMean() {
        try (Conditioning c = pipeline.encodePrompts(PromptBatch.of(PROMPTS), manager)) {
            NDArray xt = pipeline.initialLatents(2, pipeline.defaults(), 11, manager);
            int t = 2999;
            float g = 4f;
            ModelOutput out = pipeline.predict(xt, t, c, g);
            assertEquals(PredictionType.V_PREDICTION, out.type());
            double a = pipeline.schedule().alphaBar(t);
            double d = a * S * S + 1 - a;
            float[] x = xt.toFloatArray();
            float[] v = out.value().toFloatArray();
            for (int i = 0; i < x.length; i++) {
                double mu = guidedMean(i, g);
                double x0 = mu + Math.sqrt(a) * S * S * (x[i] - Math.sqrt(a) * mu) / d;
                double eps = Math.sqrt(1 - a) * (x[i] - Math.sqrt(a) * mu) / d;
                double expected = Math.sqrt(a) * eps - Math.sqrt(1 - a) * x0;
                assertEquals(expected, v[i], 1e-5, "v at element " + i);
            }
        }
    }

    @Test
    void guidedDdimFollowsTheExactPosteriorStepByStep() {
        int steps = 12;
        float g = 2.5f;
        DiffusionSchedule schedule = pipeline.schedule();
        try (Conditioning c = pipeline.encodePrompts(PromptBatch.of(PROMPTS), manager)) {
            NDArray xT = pipeline.initialLatents(2, pipeline.defaults(), 5, manager);
            float[] actual = ddim(pipeline, c, xT, steps, g).toFloatArray();
            double[] x = toDouble(xT.toFloatArray());
            int[] timesteps = schedule.timesteps(steps);
            assertEquals(3999, timesteps[0], "trailing spacing starts at the last of 4000 training steps");
            for (int t : timesteps) {
                double a = schedule.alphaBar(t);
                double aPrev = schedule.alphaBar(schedule.previousTimestep(t, steps));
                double d = a * S * S + 1 - a;
                for (int i = 0; i < x.length; i++) {
                    double mu = guidedMean(i, g);
                    double z = x[i] - Math.sqrt(a) * mu;
                    double x0 = mu + Math.sqrt(a) * S * S * z / d;
                    double eps = Math.sqrt(1 - a) * z / d;
                    x[i] = Math.sqrt(aPrev) * x0 + Math.sqrt(1 - aPrev) * eps;
                }
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], actual[i], 1e-4, "final latent " + i);
            }
        }
    }

    @Test
    void withManyStepsGuidedDdimReachesTheProbabilityFlowSolution() {
        // The probability-flow ODE keeps z = (x_t - sqrt(a) mu) / sqrt(d) fixed: x_0 = mu + s z at alphaBar = 1.
        float g = 2f;
        DiffusionSchedule schedule = pipeline.schedule();
        try (Conditioning c = pipeline.encodePrompts(PromptBatch.of(PROMPTS), manager)) {
            NDArray xT = pipeline.initialLatents(2, pipeline.defaults(), 9, manager);
            double[] errors = new double[2];
            int[] runs = {25, 400};
            for (int r = 0; r < runs.length; r++) {
                int steps = runs[r];
                double aT = schedule.alphaBar(schedule.timesteps(steps)[0]);
                double dT = aT * S * S + 1 - aT;
                float[] x = xT.toFloatArray();
                float[] actual = ddim(pipeline, c, xT, steps, g).toFloatArray();
                double worst = 0;
                for (int i = 0; i < x.length; i++) {
                    double mu = guidedMean(i, g);
                    double expected = mu + S * (x[i] - Math.sqrt(aT) * mu) / Math.sqrt(dT);
                    worst = Math.max(worst, Math.abs(expected - actual[i]));
                }
                errors[r] = worst;
            }
            System.out.printf(
                    "DDIM vs probability flow, max error: 25 steps %.3g, 400 steps %.3g%n", errors[0], errors[1]);
            assertTrue(errors[1] < 2e-2, "400 steps must be close to the ODE solution: " + errors[1]);
            assertTrue(
                    errors[1] < errors[0] / 4,
                    "the error must shrink with the step count: " + errors[0] + " -> " + errors[1]);
        }
    }

    @Test
    void outputConversionsAgreeWithTheVariancePreservingRelation() {
        try (Conditioning c = pipeline.encodePrompts(PromptBatch.of(PROMPTS), manager)) {
            NDArray xt = pipeline.initialLatents(2, pipeline.defaults(), 3, manager);
            int t = 1234;
            double a = pipeline.schedule().alphaBar(t);
            ModelOutput v = pipeline.predict(xt, t, c, 1f);
            float[] x = xt.toFloatArray();
            float[] x0 = v.toSample(xt, t, pipeline.schedule()).toFloatArray();
            float[] eps = v.toEpsilon(xt, t, pipeline.schedule()).toFloatArray();
            float[] x0FromSampleType = new ModelOutput(manager.create(x0, xt.getShape()), PredictionType.SAMPLE)
                    .toSample(xt, t, pipeline.schedule())
                    .toFloatArray();
            float[] epsFromSample = new ModelOutput(manager.create(x0, xt.getShape()), PredictionType.SAMPLE)
                    .toEpsilon(xt, t, pipeline.schedule())
                    .toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], Math.sqrt(a) * x0[i] + Math.sqrt(1 - a) * eps[i], 1e-5, "x_t = sqrt(a) x0 + ...");
                double mu = guidedMean(i, 1f);
                assertEquals(mu + Math.sqrt(a) * S * S * (x[i] - Math.sqrt(a) * mu) / (a * S * S + 1 - a), x0[i], 1e-5);
                assertEquals(x0[i], x0FromSampleType[i], 0f);
                assertEquals(eps[i], epsFromSample[i], 1e-4);
            }
        }
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
