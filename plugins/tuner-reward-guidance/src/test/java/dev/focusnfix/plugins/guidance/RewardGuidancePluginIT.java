package dev.focusnfix.plugins.guidance;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.testing.PluginJarHost;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.pipeline.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar in an empty plugins folder: a fresh host registers the {@code reward-guidance} tuner, its options
 * bind from YAML, {@code tune} records the procedure in the run folder, and the guided sampler it returns raises the
 * reward on the toy-shapes model. Only plugin-api types touch the plugin's classes.
 */
class RewardGuidancePluginIT {

    @TempDir
    Path temp;

    @Test
    void hostLoadsTheJarAndTheGuidedSamplerRaisesTheReward() throws Exception {
        try (PluginJarHost host = PluginJarHost.start(temp, "dev.focusnfix.plugins.guidance.RewardGuidanceTuner");
                TestExtensionContext services = new TestExtensionContext(temp, temp.resolve("out"), 1L);
                LatentDiffusionPipeline pipeline = ToyShapes.load();
                NDManager manager = NDManager.newBaseManager()) {
            FineTuner<Object> tuner = host.extension(ExtensionKind.TUNER, "reward-guidance", "tuner-reward-guidance");
            Object options = host.bindOptions(tuner, ExtensionKind.TUNER, "lambda: 2.0");
            assertTrue(tuner.needsRewardGradient(options));

            RednessReward reward = new RednessReward(100f);
            Path run = temp.resolve("run");
            TuningResult result = tuner.tune(
                    options,
                    new TestTuningContext(
                            services, pipeline, reward, null, ToyShapes.NEUTRAL_PROMPTS, ToyShapes.SETTINGS, run));
            assertTrue(
                    Files.isRegularFile(run.resolve("reward-guidance.json")), "the run folder records the procedure");

            PromptBatch prompts = PromptBatch.of(ToyShapes.NEUTRAL_PROMPTS.subList(0, 2));
            try (Conditioning conditioning = pipeline.encodePrompts(prompts, manager)) {
                NDArray xT = pipeline.initialLatents(prompts.size(), ToyShapes.SETTINGS, 7L, manager);
                NDArray steered = assertInstanceOf(TuningResult.GuidedSampling.class, result)
                        .sampler()
                        .sample(pipeline, conditioning, prompts, xT, ToyShapes.SETTINGS);
                NDArray base = Sampler.of(pipeline).sample(conditioning, xT, ToyShapes.SETTINGS);
                float before = reward.score(new ImageBatch(pipeline.decode(base)), prompts)
                        .reward()
                        .mean()
                        .getFloat();
                float after = reward.score(new ImageBatch(pipeline.decode(steered)), prompts)
                        .reward()
                        .mean()
                        .getFloat();
                assertTrue(after > before + 1f, "guided mean reward " + after + " vs unguided " + before);
            }
        }
    }
}
