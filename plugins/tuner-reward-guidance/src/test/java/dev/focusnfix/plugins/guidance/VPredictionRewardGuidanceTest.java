package dev.focusnfix.plugins.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.PredictionType;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.ToyVPredictionBackbone;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reward guidance through the sampling contract on a backbone that predicts v and has a 4000-step cosine schedule
 * (the kit's {@link ToyVPredictionBackbone}), against a double-precision reference written in noise space from the
 * toy's exact posterior: with {@code a = alphaBar(t)}, {@code d = a s^2 + 1 - a},
 * {@code x0_hat = mu + sqrt(a) s^2 (x_t - sqrt(a) mu) / d}, {@code eps_hat = sqrt(1 - a) (x_t - sqrt(a) mu) / d};
 * for the reward {@code r = w mean(sigmoid(x0_hat)[channel 0])} the gradient is
 * {@code g = w / (H W) sigmoid'(x0_hat) sqrt(a) s^2 / d} on channel 0; eq. 3 gives
 * {@code eps' = eps_hat - lambda sqrt(1 - a) clip(g)} and DDIM steps with it. No v appears in the reference.
 */
class VPredictionRewardGuidanceTest {

    private static final List<String> PROMPTS = List.of("a circle on a blue background", "a red square");
    private static final SamplingSettings SETTINGS = new SamplingSettings(4, 4, 6, 3f, 0f);
    private static final double S = ToyVPredictionBackbone.Options.defaults().dataStd();
    private static final float WEIGHT = 40f;

    @TempDir
    Path folder;

    /** {@code w} times the mean of image channel 0. */
    private static final class ChannelZeroReward implements Reward {
        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray red = images.pixels().get(":, 0, :, :");
            return RewardOutput.of(
                    Scalars.mul(red.reshape(red.getShape().get(0), -1).mean(new int[] {1}), WEIGHT));
        }
    }

    @Test
    void guidedSamplesOfAVPredictionModelMatchEquationThreeInNoiseSpace() throws Exception {
        RewardGuidanceOptions options = new RewardGuidanceOptions(
                2f, 2f, 0.5f, false, RewardGuidanceOptions.MaskSource.REFERENCE, RewardGuidanceOptions.MaskResize.AREA);
        try (TestExtensionContext context = new TestExtensionContext(folder, folder, 0);
                DiffusionPipeline pipeline = new ToyVPredictionBackbone()
                        .open(
                                new BackboneSettings(
                                        ToyVPredictionBackbone.writeModelFolder(folder.resolve("toy")), SETTINGS),
                                ToyVPredictionBackbone.Options.defaults(),
                                context);
                NDManager manager = context.manager().newSubManager();
                Conditioning conditioning = pipeline.encodePrompts(PromptBatch.of(PROMPTS), manager)) {
            assertEquals(PredictionType.V_PREDICTION, pipeline.predictionType());
            NDArray initial = pipeline.initialLatents(2, SETTINGS, 21, manager);
            NDArray guided = new RewardGuidedSampler(options, new ChannelZeroReward(), null)
                    .sample(pipeline, conditioning, PromptBatch.of(PROMPTS), initial, SETTINGS);
            double[] expected = reference(pipeline.schedule(), initial.toFloatArray(), options);
            float[] actual = guided.toFloatArray();
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[i], actual[i], 2e-4, "final latent " + i);
            }
            NDArray unguided = dev.focusnfix.nn.pipeline.Sampler.of(pipeline).sample(conditioning, initial, SETTINGS);
            float[] before = new ChannelZeroReward()
                    .score(new ImageBatch(pipeline.decode(unguided)), null)
                    .reward()
                    .toFloatArray();
            float[] after = new ChannelZeroReward()
                    .score(new ImageBatch(pipeline.decode(guided)), null)
                    .reward()
                    .toFloatArray();
            for (int n = 0; n < 2; n++) {
                assertTrue(
                        after[n] > before[n] + 0.1,
                        "guidance must raise the reward of sample " + n + ": " + before[n] + " -> " + after[n]);
            }
        }
    }

    /** The whole run in double precision: unguided DDIM before the start step, eq. 3 from there on. */
    private static double[] reference(DiffusionSchedule schedule, float[] initial, RewardGuidanceOptions options) {
        int steps = SETTINGS.steps();
        int start = options.startStep(steps);
        int perSample = initial.length / 2;
        int cells = SETTINGS.height() * SETTINGS.width();
        double[] x = new double[initial.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = initial[i];
        }
        int[] timesteps = schedule.timesteps(steps);
        for (int step = 0; step < steps; step++) {
            int t = timesteps[step];
            double a = schedule.alphaBar(t);
            double aPrev = schedule.alphaBar(schedule.previousTimestep(t, steps));
            double d = a * S * S + 1 - a;
            double[] x0 = new double[x.length];
            double[] eps = new double[x.length];
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double mu = guidedMean(i, perSample, cells);
                double z = x[i] - Math.sqrt(a) * mu;
                x0[i] = mu + Math.sqrt(a) * S * S * z / d;
                eps[i] = Math.sqrt(1 - a) * z / d;
                boolean channelZero = (i % perSample) / cells == 0;
                double sigmoid = 1 / (1 + Math.exp(-x0[i]));
                g[i] = channelZero ? WEIGHT / cells * sigmoid * (1 - sigmoid) * Math.sqrt(a) * S * S / d : 0;
            }
            if (step >= start) {
                for (int n = 0; n < 2; n++) {
                    double norm = 0;
                    for (int i = n * perSample; i < (n + 1) * perSample; i++) {
                        norm += g[i] * g[i];
                    }
                    norm = Math.sqrt(norm);
                    double clip = norm > options.gradClip() ? options.gradClip() / norm : 1;
                    for (int i = n * perSample; i < (n + 1) * perSample; i++) {
                        eps[i] -= options.lambda() * Math.sqrt(1 - a) * clip * g[i];
                        x0[i] = (x[i] - Math.sqrt(1 - a) * eps[i]) / Math.sqrt(a);
                    }
                }
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.sqrt(aPrev) * x0[i] + Math.sqrt(1 - aPrev) * eps[i];
            }
        }
        return x;
    }

    /** The classifier-free guided mean of latent element {@code i}. */
    private static double guidedMean(int i, int perSample, int cells) {
        int channel = (i % perSample) / cells;
        double cond = ToyVPredictionBackbone.promptMean(PROMPTS.get(i / perSample))[channel];
        double uncond = ToyVPredictionBackbone.promptMean("")[channel];
        return uncond + SETTINGS.guidance() * (cond - uncond);
    }
}
