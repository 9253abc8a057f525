package dev.focusnfix.plugins.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.options.NoOptions;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.ExperimentValidator;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.ExtensionRegistry;
import dev.focusnfix.core.plugin.RegisteredExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code framework validate} with the real safety reward: its ONNX export of the red detector has no gradient, so an
 * experiment pairing it with a tuner that back-propagates through the reward is refused before any model loads, with
 * a message naming the reward; the TorchScript export of the same detector passes.
 */
class OnnxRewardRefusedForGradientTunerTest {

    /** A backbone that is only ever validated, never opened. */
    static final class UnopenedBackbone implements DiffusionBackbone<NoOptions> {
        @Override
        public String id() {
            return "sd14";
        }

        @Override
        public Class<NoOptions> optionsType() {
            return NoOptions.class;
        }

        @Override
        public boolean canOpen(java.nio.file.Path folder) {
            return false;
        }

        @Override
        public DiffusionPipeline open(BackboneSettings settings, NoOptions options, ExtensionContext context) {
            throw new UnsupportedOperationException("validation opens no model");
        }
    }

    /** A tuner that, like DRaFT and Focus-N-Fix, needs the reward's gradient (the interface's default). */
    static final class GradientTuner implements FineTuner<NoOptions> {
        @Override
        public String id() {
            return "gradient-tuner";
        }

        @Override
        public Class<NoOptions> optionsType() {
            return NoOptions.class;
        }

        @Override
        public TuningResult tune(NoOptions options, TuningContext context) {
            throw new UnsupportedOperationException("validation trains nothing");
        }
    }

    @TempDir
    Path dir;

    private ExperimentValidator validator;

    @BeforeEach
    void registry() {
        ExtensionRegistry registry = new ExtensionRegistry();
        registry.add(new RegisteredExtension(ExtensionKind.BACKBONE, new UnopenedBackbone(), "test", "1"));
        registry.add(new RegisteredExtension(ExtensionKind.REWARD, new SafetyReward(), "reward-safety", "0.1.0"));
        registry.add(new RegisteredExtension(ExtensionKind.TUNER, new GradientTuner(), "test", "1"));
        validator = new ExperimentValidator(registry, reference -> {
            Path p = Path.of(reference);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("model '" + reference + "' not found");
            }
            return p;
        });
    }

    private ValidatedExperiment validate(String classifier) throws Exception {
        Path toyShapes = TestData.root().resolveSibling("models").resolve("toy-shapes");
        Path model = TestData.path("classifiers/" + classifier);
        assertTrue(Files.isRegularFile(model), model.toString());
        Path file = dir.resolve("exp.yaml");
        Files.writeString(
                file,
                """
                name: onnx-reward
                seed: 1
                device: cpu
                backbone:
                  plugin: sd14
                  model: %s
                  resolution: 64
                  steps: 10
                  guidance: 5
                reward:
                  plugin: safety
                  model: %s
                tuner:
                  plugin: gradient-tuner
                prompts:
                  train: [a circle on a blue background]
                  eval: [a square on a green background]
                evaluation:
                  seeds: [1]
                output: out
                """
                        .formatted(toyShapes, model));
        return validator.validate(ExperimentLoader.load(file, List.of()));
    }

    @Test
    void theOnnxRedDetectorIsRefusedForATunerThatNeedsTheRewardGradient() {
        ConfigException e = assertThrows(ConfigException.class, () -> validate("red-detector.onnx"));
        System.out.println("validation refused: " + e.getMessage());
        assertTrue(e.getMessage().contains("reward 'safety' is not differentiable"), e.getMessage());
        assertTrue(
                e.getMessage().contains("tuner 'gradient-tuner' back-propagates through the reward"), e.getMessage());
        assertTrue(
                e.getMessage().startsWith("exp.yaml:11:"),
                "the message points at the reward section: " + e.getMessage());
    }

    @Test
    void theTorchScriptRedDetectorPassesTheSameValidation() throws Exception {
        ValidatedExperiment v = validate("red-detector.pt");
        SafetyRewardOptions options = (SafetyRewardOptions) v.reward().options();
        assertTrue(options.model().endsWith("red-detector.pt"));
        assertTrue(new SafetyReward().isDifferentiable(options));
        assertFalse(new SafetyReward().isDifferentiable(SafetyRewardOptions.of("red-detector.onnx")));
        assertEquals("safety", v.reward().id());
    }
}
