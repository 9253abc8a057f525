package dev.focusnfix.plugins.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.testkit.FineTunerContract;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.testing.PluginJarHost;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar in an empty plugins folder: a fresh host registers the {@code draft} tuner, its options bind
 * from YAML, and two training steps on tiny-sd write a final adapter and the run's metrics. Only plugin-api types
 * touch the plugin's classes.
 */
class DraftPluginIT {

    @TempDir
    Path temp;

    @Test
    void hostLoadsTheJarAndTrains() throws Exception {
        SamplingSettings sampling = new SamplingSettings(32, 32, 3, 2f, 0f);

        try (PluginJarHost host = PluginJarHost.start(temp, "dev.focusnfix.plugins.draft.DraftTuner");
                TestExtensionContext services = new TestExtensionContext(temp, temp.resolve("out"), 1L);
                LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null,
                        sampling, Device.cpu(), DataType.FLOAT32)) {
            FineTuner<Object> tuner = host.extension(ExtensionKind.TUNER, "draft", "tuner-draft");
            Object options = host.bindOptions(tuner, ExtensionKind.TUNER, """
                    lora: {rank: 2, alpha: 2}
                    truncation: 2
                    steps: 2
                    learningRate: 1e-3
                    checkpointEvery: 1
                    """);
            assertTrue(tuner.needsRewardGradient(options));

            Path run = temp.resolve("run");
            TuningResult result = tuner.tune(options, new TestTuningContext(services, ProgressReporter.silent(),
                    pipeline, new FineTunerContract.BrightnessReward(), null, List.of("a red circle"), sampling, run,
                    false, "it"));
            Path adapter = assertInstanceOf(TuningResult.AdapterWeights.class, result).file();
            assertEquals(run.resolve("adapter/final.safetensors"), adapter);
            assertTrue(Files.isRegularFile(adapter));
            assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
            assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-00000002.safetensors")));
        }
    }
}
