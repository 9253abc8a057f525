package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link FineTuner} must pass, on a tiny backbone of the implementation's choosing: a short run
 * returns adapter weights whose file exists and loads into a fresh backbone, and two runs of the same experiment give
 * the same file byte for byte.
 *
 * @param <O> the tuner's options type
 */
public abstract class FineTunerContract<O> extends ExtensionContract<FineTuner<O>> {

    /** The options of a short run (a couple of training steps on the tiny backbone). */
    protected abstract O options();

    /** Opens a fresh backbone (a new instance on every call: a run attaches adapters to it); the caller closes it. */
    protected abstract DiffusionPipeline openBackbone(ExtensionContext context) throws Exception;

    /** Training sampling settings: small images and few steps. */
    protected SamplingSettings sampling() {
        return new SamplingSettings(32, 32, 3, 2f, 0f);
    }

    /** Training prompts. */
    protected List<String> prompts() {
        return List.of("a circle on a blue background", "a red square on a white background");
    }

    /** The reward to maximise; a differentiable mean brightness by default. */
    protected Reward openReward(ExtensionContext context) throws Exception {
        return new BrightnessReward();
    }

    /** The region function, or null for none (the default). */
    protected RegionMasker openRegion(ExtensionContext context) throws Exception {
        return null;
    }

    /** Whether the tuner produces adapter weights (true) or a guided sampling procedure (false). */
    protected boolean producesAdapterWeights() {
        return true;
    }

    /** Runs the tuner once in {@code runs/<runName>} of the test's output folder, on a freshly opened backbone. */
    protected TuningResult tune(String runName) throws Exception {
        Path runDir = Files.createDirectories(outputDir.resolve("runs").resolve(runName));
        try (DiffusionPipeline backbone = openBackbone(context);
                Reward reward = openReward(context);
                RegionMasker region = openRegion(context)) {
            TestTuningContext tuning = new TestTuningContext(
                    context,
                    ProgressReporter.silent(),
                    backbone,
                    reward,
                    region,
                    prompts(),
                    sampling(),
                    runDir,
                    false,
                    "contract");
            return createExtension().tune(options(), tuning);
        }
    }

    @Test
    void aShortRunReturnsAnAdapterFileThatLoadsIntoAFreshBackbone() throws Exception {
        assumeTrue(producesAdapterWeights(), "this tuner guides sampling instead of producing adapter weights");
        TuningResult result = tune("first");
        assertNotNull(result, "tune() must return a result");
        TuningResult.AdapterWeights weights = assertInstanceOf(TuningResult.AdapterWeights.class, result);
        Path file = weights.file();
        assertTrue(Files.isRegularFile(file), () -> "adapter file " + file + " must exist");
        assertTrue(Files.size(file) > 8, () -> "adapter file " + file + " is empty");
        try (DiffusionPipeline fresh = openBackbone(context)) {
            fresh.adapters().load(file, 1f);
        }
    }

    @Test
    void aGuidingTunerReturnsItsSampler() throws Exception {
        assumeFalse(producesAdapterWeights(), "this tuner produces adapter weights");
        TuningResult result = tune("first");
        TuningResult.GuidedSampling guided = assertInstanceOf(TuningResult.GuidedSampling.class, result);
        assertNotNull(guided.sampler(), "guided sampler");
    }

    @Test
    void twoRunsOfTheSameExperimentGiveTheSameAdapterFile() throws Exception {
        assumeTrue(producesAdapterWeights(), "this tuner guides sampling instead of producing adapter weights");
        TuningResult first = tune("first");
        TuningResult second = tune("second");
        Path a = ((TuningResult.AdapterWeights) first).file();
        Path b = ((TuningResult.AdapterWeights) second).file();
        assertArrayEquals(
                Files.readAllBytes(a),
                Files.readAllBytes(b),
                "the same experiment (seed, prompts, options) must give the same adapter bit for bit");
    }

    /** A differentiable reward for tests: the mean pixel value of each image. */
    public static final class BrightnessReward implements Reward {

        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray pixels = images.pixels();
            // Flattening first: the PyTorch engine reduces over one axis at a time.
            return RewardOutput.of(pixels.reshape(pixels.getShape().get(0), -1).mean(new int[] {1}));
        }
    }
}
