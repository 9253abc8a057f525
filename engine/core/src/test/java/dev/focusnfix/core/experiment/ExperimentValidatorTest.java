package dev.focusnfix.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.NoOptions;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.ExtensionRegistry;
import dev.focusnfix.core.plugin.RegisteredExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentValidatorTest {

    /** Options of the fake tuner: what a real tuner declares. */
    record TunerOptions(@DefaultValue("5e-4") @Range(min = 0) double beta, @DefaultValue("2") int truncation) {
        TunerOptions {
            if (truncation < 1) {
                throw new IllegalArgumentException("truncation must be at least 1, got " + truncation);
            }
        }
    }

    /** Options of the fake reward. */
    record RewardOptions(@DefaultValue("true") boolean differentiable) {}

    static final class FakeBackbone implements DiffusionBackbone<NoOptions> {
        public String id() {
            return "sd14";
        }

        public Class<NoOptions> optionsType() {
            return NoOptions.class;
        }

        public boolean canOpen(java.nio.file.Path folder) {
            return false;
        }

        public DiffusionPipeline open(BackboneSettings s, NoOptions o, ExtensionContext c) {
            throw new UnsupportedOperationException();
        }
    }

    static final class FakeReward implements RewardModel<RewardOptions> {
        public String id() {
            return "safety";
        }

        public Class<RewardOptions> optionsType() {
            return RewardOptions.class;
        }

        public boolean isDifferentiable(RewardOptions o) {
            return o.differentiable();
        }

        public Reward open(RewardOptions o, ExtensionContext c) {
            throw new UnsupportedOperationException();
        }
    }

    static final class FakeTuner implements FineTuner<TunerOptions> {
        public String id() {
            return "focus-n-fix";
        }

        public Class<TunerOptions> optionsType() {
            return TunerOptions.class;
        }

        public TuningResult tune(TunerOptions o, TuningContext c) {
            throw new UnsupportedOperationException();
        }
    }

    @TempDir
    Path dir;

    private ExperimentValidator validator;
    private ExtensionRegistry registry;

    @BeforeEach
    void registry() throws Exception {
        registry = new ExtensionRegistry();
        registry.add(new RegisteredExtension(ExtensionKind.BACKBONE, new FakeBackbone(), "test", "1"));
        registry.add(new RegisteredExtension(ExtensionKind.REWARD, new FakeReward(), "test", "1"));
        registry.add(new RegisteredExtension(ExtensionKind.TUNER, new FakeTuner(), "test", "1"));
        validator = new ExperimentValidator(registry, reference -> {
            Path p = dir.resolve(reference);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("model '" + reference + "' not found at " + p);
            }
            return p;
        });
        Files.createDirectories(dir.resolve("models/tiny"));
        Files.writeString(dir.resolve("models/tiny/model_index.json"), "{}");
    }

    private ValidatedExperiment validate(String yaml, String... overrides) throws Exception {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, yaml);
        Files.writeString(dir.resolve("eval-prompts.txt"), "a triangle\n");
        return validator.validate(ExperimentLoader.load(file, List.of(overrides)));
    }

    private ConfigException fails(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> validate(yaml, overrides));
    }

    private static String valid() {
        return ExperimentLoaderTest.VALID.replace("  scale: 2\n", "");
    }

    private ValidatedExperiment validateWithGpus(int gpus, String... overrides) throws Exception {
        validator = new ExperimentValidator(registry, reference -> dir.resolve(reference), () -> gpus);
        return validate(valid(), overrides);
    }

    @Test
    void theDeviceAndDataTypeAreResolvedOnceAtValidation() throws Exception {
        assertEquals(ComputeTarget.cpuFloat32(), validateWithGpus(0, "device=auto").compute());
        assertEquals(new ComputeTarget(ai.djl.Device.gpu(0), ai.djl.ndarray.types.DataType.FLOAT32),
                validateWithGpus(2, "device=auto").compute());
        assertEquals(new ComputeTarget(ai.djl.Device.gpu(1), ai.djl.ndarray.types.DataType.FLOAT16),
                validateWithGpus(2, "device=gpu:1", "dtype=float16").compute());
        assertEquals(ComputeTarget.cpuFloat32(), validateWithGpus(2, "device=cpu").compute());
    }

    @Test
    void computeSettingsThatCannotRunAreRefusedWithTheReason() {
        ConfigException gpu = assertThrows(ConfigException.class, () -> validateWithGpus(0, "device=gpu:1"));
        assertTrue(gpu.getMessage().contains("device: device 'gpu:1' requested, but 0 GPU(s) are visible"),
                gpu.getMessage());
        ConfigException half = assertThrows(ConfigException.class,
                () -> validateWithGpus(0, "device=auto", "dtype=float16"));
        assertTrue(half.getMessage().contains("dtype: float16 needs a GPU, but the run would compute on the CPU "
                + "(device 'auto'); on the CPU use float32"), half.getMessage());
        ConfigException bf16 = assertThrows(ConfigException.class,
                () -> validateWithGpus(4, "device=gpu", "dtype=bfloat16"));
        assertTrue(bf16.getMessage().contains("dtype: bfloat16 is not supported: DJL 0.35.1's PyTorch JNI aborts"),
                bf16.getMessage());
    }

    @Test
    void bindsPluginOptionsToTheirTypes() throws Exception {
        ValidatedExperiment v = validate(valid());
        assertEquals(new TunerOptions(5e-4, 2), v.tuner().options());
        assertEquals(new RewardOptions(true), v.reward().options());
        assertEquals(dir.resolve("models/tiny"), v.modelPath());
    }

    @Test
    void unknownPluginIdSuggestsTheNearestAndNamesTheLine() {
        ConfigException e = fails(valid().replace("plugin: focus-n-fix", "plugin: focus-n-fx"));
        assertEquals("exp.yaml:13:11: tuner.plugin: unknown tuner plugin 'focus-n-fx'; did you mean "
                + "'focus-n-fix'?", e.getMessage());
    }

    @Test
    void unknownPluginOptionSuggests() {
        ConfigException e = fails(valid().replace("beta: 5.0e-4", "bta: 5.0e-4"));
        assertEquals("exp.yaml:14:3: tuner.bta: unknown key; did you mean 'beta'?", e.getMessage());
    }

    @Test
    void pluginOptionsAreValidatedByTheirType() {
        assertEquals("exp.yaml:14:9: tuner.beta: expected a number, got the text 'high'",
                fails(valid().replace("beta: 5.0e-4", "beta: high")).getMessage());
        assertEquals("exp.yaml:14:9: tuner.beta: value -1.0 is outside [0, inf]",
                fails(valid().replace("beta: 5.0e-4", "beta: -1.0")).getMessage());
        assertEquals("exp.yaml:13:3: tuner: truncation must be at least 1, got 0",
                fails(valid(), "tuner.truncation=0").getMessage());
    }

    @Test
    void nonDifferentiableRewardIsRefusedForAGradientTuner() {
        ConfigException e = fails(valid(), "reward.differentiable=false");
        assertTrue(e.getMessage().contains("reward 'safety' is not differentiable with these options, but tuner "
                + "'focus-n-fix' back-propagates through the reward"), e.getMessage());
    }

    @Test
    void missingModelFolderIsReportedAtTheModelKey() {
        ConfigException e = fails(valid().replace("models/tiny", "models/none"));
        assertTrue(e.getMessage().startsWith("exp.yaml:6:10: backbone.model: model 'models/none' not found"),
                e.getMessage());
    }
}
