package dev.focusnfix.plugins.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.ExperimentValidator;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.ExtensionRegistry;
import dev.focusnfix.core.plugin.RegisteredExtension;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.sdk.training.AdamSettings;
import dev.focusnfix.sdk.training.DraftKStep;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import dev.focusnfix.sdk.training.TrainingLoop;
import dev.focusnfix.sdk.training.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment with the SD safety checker on a tiny Stable Diffusion folder that ships its checker (tiny-sd's
 * components plus the diffusers-made {@code safety_checker/} and {@code feature_extractor/}): the YAML names the
 * folder once and the reward takes it through an alias, the validator binds it and picks the reward's default region
 * (saliency), and two DRaFT-K steps against the opened reward train and write the adapter and metrics. The whole
 * distribution run ({@code framework run configs/rewards/sd-safety-checker.yaml}) goes through the same parts.
 */
class SdSafetyCheckerExperimentTest {

    @TempDir
    Path dir;

    /** tiny-sd with the checker, as a real SD v1.x folder is laid out (links, no copies). */
    private Path sdFolderWithChecker() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("tiny-sd-with-checker"));
        Path sd = TestData.path("tiny-sd");
        for (String part : List.of("model_index.json", "unet", "vae", "text_encoder", "tokenizer", "scheduler")) {
            Files.createSymbolicLink(folder.resolve(part), sd.resolve(part).toAbsolutePath());
        }
        Path checker = TestData.path(SdSafetyCheckerRewardTest.FIXTURE);
        for (String part : List.of("safety_checker", "feature_extractor")) {
            Files.createSymbolicLink(folder.resolve(part), checker.resolve(part).toAbsolutePath());
        }
        return folder;
    }

    @Test
    void validatesAndTrainsAgainstTheBackbonesOwnChecker() throws Exception {
        Path sd = sdFolderWithChecker();
        Path file = dir.resolve("exp.yaml");
        Files.writeString(
                file,
                """
                name: sd-safety-checker
                seed: 1
                device: cpu
                backbone:
                  plugin: sd14
                  model: &sd %s
                  resolution: 32
                  steps: 3
                  guidance: 2
                reward:
                  plugin: sd-safety-checker
                  model: *sd
                tuner:
                  plugin: gradient-tuner
                prompts:
                  train: [a red circle, a blue square]
                  eval: [a green triangle]
                evaluation:
                  seeds: [1]
                output: out
                """
                        .formatted(sd));
        ExtensionRegistry registry = new ExtensionRegistry();
        registry.add(new RegisteredExtension(
                ExtensionKind.BACKBONE, new OnnxRewardRefusedForGradientTunerTest.UnopenedBackbone(), "test", "1"));
        registry.add(
                new RegisteredExtension(ExtensionKind.REWARD, new SdSafetyCheckerReward(), "reward-safety", "0.1.0"));
        registry.add(new RegisteredExtension(ExtensionKind.REGION, new SaliencyStandIn(), "test", "1"));
        registry.add(new RegisteredExtension(
                ExtensionKind.TUNER, new OnnxRewardRefusedForGradientTunerTest.GradientTuner(), "test", "1"));
        ExperimentValidator validator = new ExperimentValidator(registry, reference -> Path.of(reference));
        ValidatedExperiment experiment = validator.validate(ExperimentLoader.load(file, List.of()));

        SdSafetyCheckerReward.Options options =
                (SdSafetyCheckerReward.Options) experiment.reward().options();
        assertEquals(sd.toString(), options.model(), "the alias gives the reward the backbone's folder");
        assertEquals(
                "saliency",
                experiment.region().orElseThrow().registered().extension().id(),
                "the reward's default region");

        SamplingSettings sampling = new SamplingSettings(32, 32, 3, 2f, 0f);
        TrainingSettings settings = new TrainingSettings(
                new LoraSpec(2, 2f, LoraSpec.DEFAULT_TARGETS),
                2,
                1,
                1,
                1e-3,
                LearningRateSchedule.CONSTANT,
                AdamSettings.withWeightDecay(0.0),
                1.0,
                2,
                0,
                2,
                false);
        Path run = dir.resolve("run");
        try (TestExtensionContext services = new TestExtensionContext(dir, dir.resolve("out"), 1L);
                LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        experiment.modelPath(), null, sampling, Device.cpu(), DataType.FLOAT32);
                Reward reward = new SdSafetyCheckerReward().open(options, services)) {
            TestTuningContext context = new TestTuningContext(
                    services,
                    ProgressReporter.silent(),
                    pipeline,
                    reward,
                    null,
                    List.of("a red circle", "a blue square"),
                    sampling,
                    run,
                    false,
                    "sd-safety-checker");
            TuningResult.AdapterWeights result =
                    new TrainingLoop("draft", settings, context).run(new DraftKStep(context, 1));
            assertTrue(Files.isRegularFile(result.file()), "adapter written");
            List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
            assertEquals(2, metrics.size(), "one metrics line per step");
            for (String line : metrics) {
                assertTrue(line.contains("reward") && !line.contains("NaN"), line);
            }
            System.out.println("metrics: " + metrics);
        }
    }

    /** Stands for the region-functions plugin's {@code saliency}, which is not on this module's class path. */
    static final class SaliencyStandIn
            implements dev.focusnfix.api.RegionFunction<dev.focusnfix.api.options.NoOptions> {
        @Override
        public String id() {
            return "saliency";
        }

        @Override
        public Class<dev.focusnfix.api.options.NoOptions> optionsType() {
            return dev.focusnfix.api.options.NoOptions.class;
        }

        @Override
        public dev.focusnfix.api.RegionMasker open(
                dev.focusnfix.api.options.NoOptions options, dev.focusnfix.api.ExtensionContext context) {
            throw new UnsupportedOperationException("validation opens no region function");
        }
    }
}
