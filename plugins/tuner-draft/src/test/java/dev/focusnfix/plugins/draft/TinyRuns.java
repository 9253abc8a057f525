package dev.focusnfix.plugins.draft;

import static dev.focusnfix.core.testing.TestPluginBuilder.plugin;

import dev.focusnfix.api.testkit.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whole {@code framework run}s of the {@code draft} tuner (on the test class path) on tiny-sd, with a plugins folder
 * holding the {@code sd14} backbone and a brightness reward: small enough to run several times in a test.
 */
final class TinyRuns {

    private static final String PARTS =
            """
            package test.tiny;

            import dev.focusnfix.api.*;
            import dev.focusnfix.api.options.*;
            import org.pf4j.Extension;

            public class Parts {
                @Extension
                public static class Sd14 extends dev.focusnfix.sdk.backbone.DiffusersBackbone {
                    public Sd14() { super("sd14", dev.focusnfix.sdk.backbone.DiffusersFamily.STABLE_DIFFUSION); }
                }

                /** Mean brightness: differentiable, and no Java-number arithmetic on the autograd path. */
                @Extension
                public static class Brightness implements RewardModel<NoOptions> {
                    public String id() { return "brightness"; }
                    public Class<NoOptions> optionsType() { return NoOptions.class; }
                    public boolean isDifferentiable(NoOptions o) { return true; }
                    public Reward open(NoOptions o, ExtensionContext c) {
                        return new Reward() {
                            public boolean isDifferentiable() { return true; }
                            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                                ai.djl.ndarray.NDArray p = images.pixels();
                                return RewardOutput.of(p.reshape(p.getShape().get(0), -1).mean(new int[] {1}));
                            }
                        };
                    }
                }
            }
            """;

    private TinyRuns() {}

    /** Builds the plugins folder under {@code dir}. */
    static Path plugins(Path dir) throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        plugin("tiny-parts").source("test.tiny.Parts", PARTS).buildInto(plugins);
        return plugins;
    }

    /** Writes an experiment of {@code steps} training steps with a checkpoint after each; returns its file. */
    static Path experiment(Path dir, String name, int steps, boolean evaluate) throws IOException {
        String yaml =
                """
                name: %s
                seed: 7
                device: cpu
                backbone:
                  plugin: sd14
                  model: %s
                  resolution: 32
                  steps: 3
                  guidance: 2.0
                reward:
                  plugin: brightness
                tuner:
                  plugin: draft
                  steps: %d
                  truncation: 1
                  checkpointEvery: 1
                  keepCheckpoints: 0
                  learningRate: 1.0e-2
                  schedule: constant
                  lora: {rank: 2, alpha: 2}
                prompts:
                  train: [a red circle, a blue square]
                  eval: [a white circle]
                evaluation:
                  enabled: %s
                  seeds: [1]
                output: %s
                """
                        .formatted(
                                name,
                                TestData.path("tiny-sd").toAbsolutePath(),
                                steps,
                                evaluate,
                                dir.resolve("runs").toAbsolutePath());
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }
}
