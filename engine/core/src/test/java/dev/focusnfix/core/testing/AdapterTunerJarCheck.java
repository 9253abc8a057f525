package dev.focusnfix.core.testing;

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
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The integration check every adapter-training tuner plugin runs on its packaged jar: a fresh host registers the
 * tuner, its options bind from YAML, and two training steps on tiny-sd write the final adapter, two metrics lines
 * and the step-2 checkpoint. Only plugin-api types touch the plugin's classes.
 */
public final class AdapterTunerJarCheck {

    private AdapterTunerJarCheck() {}

    /**
     * Runs the check; {@code optionsYaml} must ask for 2 steps with a checkpoint every step.
     *
     * @param temp a folder the test owns
     * @param tunerClass the tuner's class name, which must not be on the test class path
     * @param tunerId the tuner's extension id
     * @param pluginId the plugin's id
     * @param optionsYaml the tuner options
     */
    public static void trainsFromItsJar(
            Path temp, String tunerClass, String tunerId, String pluginId, String optionsYaml) throws Exception {
        SamplingSettings sampling = new SamplingSettings(32, 32, 3, 2f, 0f);
        try (PluginJarHost host = PluginJarHost.start(temp, tunerClass);
                TestExtensionContext services = new TestExtensionContext(temp, temp.resolve("out"), 1L);
                LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, sampling, Device.cpu(), DataType.FLOAT32)) {
            FineTuner<Object> tuner = host.extension(ExtensionKind.TUNER, tunerId, pluginId);
            Object options = host.bindOptions(tuner, ExtensionKind.TUNER, optionsYaml);
            assertTrue(tuner.needsRewardGradient(options));

            Path run = temp.resolve("run");
            TuningResult result = tuner.tune(
                    options,
                    new TestTuningContext(
                            services,
                            ProgressReporter.silent(),
                            pipeline,
                            new FineTunerContract.BrightnessReward(),
                            null,
                            List.of("a red circle"),
                            sampling,
                            run,
                            false,
                            "it"));
            Path adapter =
                    assertInstanceOf(TuningResult.AdapterWeights.class, result).file();
            assertEquals(run.resolve("adapter/final.safetensors"), adapter);
            assertTrue(Files.isRegularFile(adapter));
            assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
            assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-00000002.safetensors")));
        }
    }
}
