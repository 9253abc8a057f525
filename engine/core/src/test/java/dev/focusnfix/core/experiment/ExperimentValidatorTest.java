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

    static class FakeBackbone implements DiffusionBackbone<NoOptions> {
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
        assertEquals(
                ComputeTarget.cpuFloat32(), validateWithGpus(0, "device=auto").compute());
        assertEquals(
                new ComputeTarget(ai.djl.Device.gpu(0), ai.djl.ndarray.types.DataType.FLOAT32),
                validateWithGpus(2, "device=auto").compute());
        assertEquals(
                new ComputeTarget(ai.djl.Device.gpu(1), ai.djl.ndarray.types.DataType.FLOAT16),
                validateWithGpus(2, "device=gpu:1", "dtype=float16").compute());
        assertEquals(
                ComputeTarget.cpuFloat32(), validateWithGpus(2, "device=cpu").compute());
    }

    @Test
    void computeSettingsThatCannotRunAreRefusedWithTheReason() {
        ConfigException gpu = assertThrows(ConfigException.class, () -> validateWithGpus(0, "device=gpu:1"));
        assertTrue(
                gpu.getMessage().contains("device: device 'gpu:1' requested, but 0 GPU(s) are visible"),
                gpu.getMessage());
        ConfigException half =
                assertThrows(ConfigException.class, () -> validateWithGpus(0, "device=auto", "dtype=float16"));
        assertTrue(
                half.getMessage()
                        .contains("dtype: float16 needs a GPU, but the run would compute on the CPU "
                                + "(device 'auto'); on the CPU use float32"),
                half.getMessage());
        ConfigException bf16 =
                assertThrows(ConfigException.class, () -> validateWithGpus(4, "device=gpu", "dtype=bfloat16"));
        assertTrue(
                bf16.getMessage().contains("dtype: bfloat16 is not supported: DJL 0.35.1's PyTorch JNI aborts"),
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
        assertEquals(
                "exp.yaml:13:11: tuner.plugin: unknown tuner plugin 'focus-n-fx'; did you mean " + "'focus-n-fix'?",
                e.getMessage());
    }

    @Test
    void unknownPluginOptionSuggests() {
        ConfigException e = fails(valid().replace("beta: 5.0e-4", "bta: 5.0e-4"));
        assertEquals("exp.yaml:14:3: tuner.bta: unknown key; did you mean 'beta'?", e.getMessage());
    }

    @Test
    void pluginOptionsAreValidatedByTheirType() {
        assertEquals(
                "exp.yaml:14:9: tuner.beta: expected a number, got the text 'high'",
                fails(valid().replace("beta: 5.0e-4", "beta: high")).getMessage());
        assertEquals(
                "exp.yaml:14:9: tuner.beta: value -1.0 is outside [0, inf]",
                fails(valid().replace("beta: 5.0e-4", "beta: -1.0")).getMessage());
        assertEquals(
                "exp.yaml:13:3: tuner: truncation must be at least 1, got 0",
                fails(valid(), "tuner.truncation=0").getMessage());
    }

    @Test
    void nonDifferentiableRewardIsRefusedForAGradientTuner() {
        ConfigException e = fails(valid(), "reward.differentiable=false");
        assertTrue(
                e.getMessage()
                        .contains("reward 'safety' is not differentiable with these options, but tuner "
                                + "'focus-n-fix' back-propagates through the reward"),
                e.getMessage());
    }

    @Test
    void missingModelFolderIsReportedAtTheModelKey() {
        ConfigException e = fails(valid().replace("models/tiny", "models/none"));
        assertTrue(
                e.getMessage().startsWith("exp.yaml:6:10: backbone.model: model 'models/none' not found"),
                e.getMessage());
    }

    @Test
    void oneValidateReportsTheErrorsOfEverySectionSortedByPosition() throws Exception {
        String yaml = valid().replace("  steps: 10\n", "  stepz: 10\n")
                .replace("  plugin: safety\n", "  plugin: safety\n  differentiabel: true\n")
                .replace("beta: 5.0e-4", "bta: 5.0e-4");
        ConfigException e = fails(yaml);
        List<String> lines = List.of(e.getMessage().split("\n"));
        assertEquals(
                List.of(
                        "3 problems:",
                        "exp.yaml:8:3: backbone.stepz: unknown key; did you mean 'steps'?",
                        "exp.yaml:12:3: reward.differentiabel: unknown key; did you mean 'differentiable'?",
                        "exp.yaml:15:3: tuner.bta: unknown key; did you mean 'beta'?"),
                lines);
    }

    @Test
    void frameworkAndPluginErrorsAreReportedTogetherWhenTheFrameworkPartDoesNotBind() throws Exception {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(
                file,
                valid().replace("seed: 7", "sed: 7")
                        .replace("resolution: 64", "resolution: big")
                        .replace("beta: 5.0e-4", "bta: 5.0e-4"));
        Files.writeString(dir.resolve("eval-prompts.txt"), "a triangle\n");
        ConfigException e = assertThrows(ConfigException.class, () -> validator.validate(file, List.of()));
        assertEquals(
                List.of(
                        "3 problems:",
                        "exp.yaml:2:1: sed: unknown key; did you mean 'seed'?",
                        "exp.yaml:7:15: backbone.resolution: expected a whole number, got the text 'big'",
                        "exp.yaml:14:3: tuner.bta: unknown key; did you mean 'beta'?"),
                List.of(e.getMessage().split("\n")));
    }

    @Test
    void runNamesThatLeaveTheOutputFolderAreRefused() {
        for (String bad : new String[] {"../../x", "..", ".", "a/b", "/etc/x", "-rf", ".hidden", "a\\b"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> validate(valid(), "name='" + bad + "'"), bad);
            assertTrue(e.getMessage().contains("is not a valid run name"), e.getMessage());
        }
        ConfigException control =
                assertThrows(ConfigException.class, () -> validate(valid().replace("name: demo", "name: \"a\\tb\"")));
        assertTrue(control.getMessage().contains("'a\\u0009b' is not a valid run name"), control.getMessage());
    }

    @Test
    void outputMustBeAFolderOrCreatable() throws Exception {
        Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(fails(valid(), "output=a-file").getMessage().contains("exists and is not a folder"));
        assertTrue(fails(valid(), "output=a-file/sub").getMessage().contains("is not a folder"));
        assertTrue(fails(valid(), "output=/proc/self").getMessage().contains("a system pseudo file system"));
        assertTrue(fails(valid(), "output=/sys/kernel").getMessage().contains("a system pseudo file system"));
        ValidatedExperiment ok = validate(valid(), "output=new/deeper", "name=run-1.b_2");
        assertEquals(dir.resolve("new/deeper/run-1.b_2"), ok.experiment().runDirectory());
        assertTrue(!Files.exists(dir.resolve("new")), "validation creates nothing");
    }

    @Test
    void aDefaultNameFromAnOddFileNameIsMadeSafe() {
        assertEquals("my_exp__1_", Experiment.defaultName(Path.of("/x/my exp (1).yaml")));
        assertEquals("_..hidden", Experiment.defaultName(Path.of("/x/..hidden.yaml")));
    }

    @Test
    void promptFilesMustBeBoundedUtf8Text() throws Exception {
        Files.write(dir.resolve("binary.txt"), new byte[] {'a', 0, 'b', '\n'});
        assertTrue(fails(valid().replace("eval-prompts.txt", "binary.txt"))
                .getMessage()
                .contains("is a binary file (a NUL byte at offset 1)"));
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertTrue(fails(valid().replace("eval-prompts.txt", "latin1.txt"))
                .getMessage()
                .contains("is not UTF-8"));
        try (var out = Files.newOutputStream(dir.resolve("huge.txt"))) {
            byte[] line = "a circle on a blue background\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (long n = 0; n <= PromptSource.MAX_FILE_BYTES / line.length; n++) {
                out.write(line);
            }
        }
        assertTrue(fails(valid().replace("eval-prompts.txt", "huge.txt"))
                .getMessage()
                .contains("larger than 4 MiB"));
        Files.writeString(dir.resolve("long.txt"), "x".repeat(PromptSource.MAX_LINE_CHARS + 1) + "\n");
        assertTrue(fails(valid().replace("eval-prompts.txt", "long.txt"))
                .getMessage()
                .contains("line 1 is 4097 characters long"));
        assertTrue(fails(valid().replace("eval-prompts.txt", "models"))
                .getMessage()
                .contains("is a folder"));
        Path locked = dir.resolve("locked.txt");
        Files.writeString(locked, "a prompt\n");
        if (locked.toFile().setReadable(false) && !Files.isReadable(locked)) { // not when the tests run as root
            assertTrue(fails(valid().replace("eval-prompts.txt", "locked.txt"))
                    .getMessage()
                    .contains("permission denied"));
        }
        Files.writeString(dir.resolve("ok.txt"), "\uFEFFfirst prompt\r\n# comment\r\n\r\nsecond prompt");
        assertEquals(
                List.of("first prompt", "second prompt"),
                validate(valid().replace("eval-prompts.txt", "ok.txt"))
                        .experiment()
                        .spec()
                        .prompts()
                        .evaluation()
                        .prompts());
    }

    @Test
    void anIdClaimedTwiceFailsOnlyTheExperimentsThatUseIt() throws Exception {
        FakeBackbone first = new FakeBackbone() {
            @Override
            public String id() {
                return "draft";
            }
        };
        FakeBackbone second = new FakeBackbone() {
            @Override
            public String id() {
                return "draft";
            }
        };
        assertTrue(registry.register(new RegisteredExtension(ExtensionKind.BACKBONE, first, "one", "1"), "one.jar")
                == null);
        assertTrue(registry.register(new RegisteredExtension(ExtensionKind.BACKBONE, second, "two", "2"), "two.jar")
                != null);
        assertEquals(new TunerOptions(5e-4, 2), validate(valid()).tuner().options());
        ConfigException e = fails(valid().replace("plugin: sd14", "plugin: draft"));
        assertTrue(
                e.getMessage()
                                .startsWith("exp.yaml:5:11: backbone.plugin: backbone id 'draft' is claimed by two "
                                        + "plugins: one.jar (plugin one 1, ")
                        && e.getMessage().contains("and two.jar (plugin two 2, "),
                e.getMessage());
    }
}
