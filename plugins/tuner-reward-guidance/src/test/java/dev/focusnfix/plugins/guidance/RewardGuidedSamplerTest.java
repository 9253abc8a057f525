package dev.focusnfix.plugins.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.pipeline.Sampler;
import dev.focusnfix.plugins.guidance.RewardGuidanceOptions.MaskSource;
import dev.focusnfix.sdk.reward.ClassifierRewardModel;
import dev.focusnfix.sdk.reward.ClassifierRewardOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reward guidance on the toy-shapes model (64x64, latents 4x8x8, 10 DDIM steps, classifier-free guidance 5, guided
 * from step 2): it raises the reward, it is the unguided chain when it has nothing to do, the region mask confines
 * it, and its memory does not grow with the steps.
 */
class RewardGuidedSamplerTest {

    private static final SamplingSettings SETTINGS = ToyShapes.SETTINGS;
    private static final long SEED = 7L;

    private static LatentDiffusionPipeline pipeline;

    @TempDir
    Path temp;

    private NDManager manager;
    private PromptBatch prompts;
    private Conditioning conditioning;
    private NDArray xT;

    @BeforeAll
    static void loadModel() throws Exception {
        pipeline = ToyShapes.load();
    }

    @AfterAll
    static void closeModel() {
        pipeline.close();
    }

    @BeforeEach
    void prepare() {
        manager = NDManager.newBaseManager();
        prompts = PromptBatch.of(ToyShapes.NEUTRAL_PROMPTS);
        conditioning = pipeline.encodePrompts(prompts, manager);
        xT = pipeline.initialLatents(prompts.size(), SETTINGS, SEED, manager);
    }

    @AfterEach
    void release() {
        conditioning.close();
        manager.close();
    }

    private NDArray unguided(SamplingSettings settings) {
        return Sampler.of(pipeline).sample(conditioning, xT, settings);
    }

    private NDArray guided(RewardGuidanceOptions options, Reward reward, RegionStubs.Columns region) {
        return new RewardGuidedSampler(options, reward, region).sample(pipeline, conditioning, prompts, xT, SETTINGS);
    }

    private float[] rewards(Reward reward, NDArray latents) {
        return reward.score(new ImageBatch(pipeline.decode(latents)), prompts)
                .reward()
                .toFloatArray();
    }

    @Test
    void guidanceRaisesTheRewardAndTheRedDetectorAgrees() throws Exception {
        RednessReward reward = new RednessReward(100f);
        NDArray base = unguided(SETTINGS);
        NDArray steered = guided(RewardGuidanceOptions.defaults(), reward, null);

        float[] before = rewards(reward, base);
        float[] after = rewards(reward, steered);
        System.out.printf("redness reward unguided %s mean %.4f%n", Arrays.toString(before), mean(before));
        System.out.printf("redness reward guided   %s mean %.4f%n", Arrays.toString(after), mean(after));
        // An independent judge that guidance never saw: the red-blob detector's probability.
        try (TestExtensionContext services =
                        new TestExtensionContext(ToyShapes.folder().getParent(), temp, 1L);
                Reward detector = new ClassifierRewardModel() {
                    @Override
                    public String id() {
                        return "red-detector";
                    }
                }.open(ClassifierRewardOptions.of("classifiers/red-detector.pt"), services)) {
            float[] pBefore = negated(rewards(detector, base));
            float[] pAfter = negated(rewards(detector, steered));
            System.out.printf("p(red) unguided %s mean %.4f%n", Arrays.toString(pBefore), mean(pBefore));
            System.out.printf("p(red) guided   %s mean %.4f%n", Arrays.toString(pAfter), mean(pAfter));
            assertTrue(mean(pAfter) < mean(pBefore) - 0.2, "the red detector must find the guided images less red");
        }
        assertTrue(
                mean(after) > mean(before) + 0.4 * Math.abs(mean(before)),
                "guidance must raise the mean reward by at least 40% of its distance to 0: " + mean(before) + " -> "
                        + mean(after));
        for (int n = 0; n < before.length; n++) {
            assertTrue(after[n] >= before[n], "sample " + n + " got a lower reward: " + before[n] + " -> " + after[n]);
        }
    }

    @Test
    void garbageCollectionBetweenForwardAndBackwardChangesNothing() {
        // DJL's CPU engine frees Java-owned tensors that autograd saved when a GC runs before the backward pass.
        NDArray plain = guided(RewardGuidanceOptions.defaults(), new RednessReward(100f), null);
        NDArray churned = guided(RewardGuidanceOptions.defaults(), new RednessReward(100f, true), null);
        assertArrayEquals(plain.toFloatArray(), churned.toFloatArray(), 0f);
    }

    @Test
    void lambdaZeroIsTheUnguidedChain() {
        NDArray steered = guided(RewardGuidanceOptions.defaults().withLambda(0f), new RednessReward(100f), null);
        assertArrayEquals(unguided(SETTINGS).toFloatArray(), steered.toFloatArray(), 0f);
    }

    @Test
    void lambdaZeroIsTheUnguidedChainForStochasticDdim() {
        SamplingSettings stochastic = new SamplingSettings(64, 64, 10, 5f, 1f);
        NDArray steered = new RewardGuidedSampler(
                        RewardGuidanceOptions.defaults().withLambda(0f), new RednessReward(100f), null)
                .sample(pipeline, conditioning, prompts, xT, stochastic);
        assertArrayEquals(unguided(stochastic).toFloatArray(), steered.toFloatArray(), 0f);
    }

    @Test
    void aMaskOfZerosChangesNothingAndComesFromTheUnguidedSample() {
        RegionStubs.Columns region = RegionStubs.nothing();
        NDArray steered = guided(RewardGuidanceOptions.defaults(), new RednessReward(100f), region);
        NDArray base = unguided(SETTINGS);
        assertArrayEquals(base.toFloatArray(), steered.toFloatArray(), 0f);
        // The mask is computed once, from I0: the unguided sample of the same x_T.
        assertEquals(1, region.seenImages.size(), "one region call per batch");
        assertTrue(region.collectorWasFree, "the region function must run outside any gradient collector");
        assertArrayEquals(pipeline.decode(base).toFloatArray(), region.seenImages.get(0), 1e-6f);
    }

    @Test
    void predictionMaskComesFromTheFirstGuidedStep() {
        RegionStubs.Columns region = RegionStubs.nothing();
        RewardGuidanceOptions options = RewardGuidanceOptions.defaults().withMaskSource(MaskSource.PREDICTION);
        NDArray steered = guided(options, new RednessReward(100f), region);
        assertArrayEquals(unguided(SETTINGS).toFloatArray(), steered.toFloatArray(), 0f);

        int start = options.startStep(SETTINGS.steps());
        int t = pipeline.schedule().timesteps(SETTINGS.steps())[start];
        NDArray xStart = Sampler.of(pipeline).sampleSteps(conditioning, xT, SETTINGS, 0, start, 0L, null);
        ModelOutput output = pipeline.predict(xStart, t, conditioning, SETTINGS.guidance());
        NDArray expected = pipeline.decode(pipeline.predictOriginal(xStart, output, t));
        assertEquals(1, region.seenImages.size(), "one region call per batch");
        assertTrue(region.collectorWasFree, "the region function must run outside any gradient collector");
        assertArrayEquals(expected.toFloatArray(), region.seenImages.get(0), 1e-5f);
    }

    @Test
    void aGuidedStepChangesOnlyTheMaskedLatents() {
        // Only the last step is guided: its update is M-weighted and the DDIM step is element-wise.
        RewardGuidanceOptions lastStepOnly = new RewardGuidanceOptions(
                2f, 2f, 0.9f, true, MaskSource.REFERENCE, RewardGuidanceOptions.MaskResize.AREA);
        NDArray change = guided(lastStepOnly, new RednessReward(100f), RegionStubs.leftHalf(SETTINGS.width()))
                .sub(unguided(SETTINGS))
                .abs();
        // Latent columns 0-3 lie under pixel columns 0-31, the mask's half.
        float inside = change.get(new NDIndex(":, :, :, 0:4")).max().getFloat();
        float outside = change.get(new NDIndex(":, :, :, 4:8")).max().getFloat();
        System.out.printf("last step guided: max |change| inside %.3g, outside %.3g%n", inside, outside);
        assertTrue(inside > 0f, "the masked half must change");
        assertEquals(0f, outside, "the unmasked half must not change at all");
    }

    @Test
    void aHalfMaskConfinesMostOfTheChangeOverTheChain() {
        // Guided from step 5 of 10. Later steps' UNet sees the whole 8x8 grid, so some change spreads outside.
        RewardGuidanceOptions fromHalfway = new RewardGuidanceOptions(
                2f, 2f, 0.5f, true, MaskSource.REFERENCE, RewardGuidanceOptions.MaskResize.AREA);
        RednessReward reward = new RednessReward(100f);
        NDArray base = unguided(SETTINGS);
        NDArray leftOnly = guided(fromHalfway, reward, RegionStubs.leftHalf(SETTINGS.width()));
        NDArray everywhere = guided(fromHalfway, reward, null);

        float[] masked = halves(leftOnly.sub(base).abs());
        float[] unmasked = halves(everywhere.sub(base).abs());
        System.out.printf(
                "mean |change| of latents, left / right half: RG+RC %.4f / %.4f (ratio %.3f);"
                        + " RG %.4f / %.4f (ratio %.3f)%n",
                masked[0], masked[1], masked[1] / masked[0], unmasked[0], unmasked[1], unmasked[1] / unmasked[0]);
        assertTrue(masked[0] > 0.01f, "guidance must change the masked half: " + masked[0]);
        assertTrue(
                masked[1] < 0.4f * masked[0],
                "the unmasked half must change much less than the masked one:" + " outside " + masked[1] + ", inside "
                        + masked[0]);
        assertTrue(
                masked[1] / masked[0] < 0.5f * unmasked[1] / unmasked[0],
                "the mask must shift the change towards its half compared with unmasked guidance");
    }

    /** Mean of the left (latent columns 0-3) and right (4-7) halves. */
    private static float[] halves(NDArray change) {
        return new float[] {
            change.get(new NDIndex(":, :, :, 0:4")).mean().getFloat(),
            change.get(new NDIndex(":, :, :, 4:8")).mean().getFloat()
        };
    }

    @Test
    void liveArraysDoNotGrowWithTheSteps() {
        List<Integer> live = new ArrayList<>();
        RewardGuidedSampler sampler = new RewardGuidedSampler(
                RewardGuidanceOptions.defaults(),
                new RednessReward(100f),
                RegionStubs.leftHalf(SETTINGS.width()),
                step -> live.add(manager.getManagedArrays().size()));
        int before = manager.getManagedArrays().size();
        NDArray result = sampler.sample(pipeline, conditioning, prompts, xT, SETTINGS);
        int guidedSteps = SETTINGS.steps() - RewardGuidanceOptions.defaults().startStep(SETTINGS.steps());
        assertEquals(guidedSteps, live.size());
        System.out.println("live arrays after each guided step: " + live + " (before: " + before + ")");
        assertTrue(live.stream().allMatch(n -> n.equals(live.get(0))), "live arrays grew across steps: " + live);
        // Between steps only the current latents and the mask are held; afterwards only the result remains.
        assertEquals(before + 2, live.get(0));
        assertEquals(before + 1, manager.getManagedArrays().size());
        result.close();
    }

    @Test
    void refusesANonDifferentiableRewardAndMismatchedPrompts() {
        Reward frozen = new Reward() {
            @Override
            public boolean isDifferentiable() {
                return false;
            }

            @Override
            public dev.focusnfix.api.RewardOutput score(ImageBatch images, PromptBatch p) {
                throw new AssertionError("never scored");
            }
        };
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new RewardGuidedSampler(RewardGuidanceOptions.defaults(), frozen, null));
        assertTrue(e.getMessage().contains("differentiable"), e.getMessage());
        RewardGuidedSampler sampler =
                new RewardGuidedSampler(RewardGuidanceOptions.defaults(), new RednessReward(1f), null);
        PromptBatch one = PromptBatch.of(List.of("a circle on a blue background"));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(pipeline, conditioning, one, xT, SETTINGS));
    }

    @Test
    void epsilonModelsUseTheCoefficientOfEquationThree() {
        int t = pipeline.schedule().timesteps(SETTINGS.steps())[3];
        double expected = -2.0 * Math.sqrt(1 - pipeline.schedule().alphaBar(t));
        assertEquals(
                expected,
                RewardGuidedSampler.outputCoefficient(pipeline.schedule(), pipeline.predictionType(), t, 2f),
                1e-12);
    }

    private static float mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return (float) (sum / values.length);
    }

    private static float[] negated(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }
}
