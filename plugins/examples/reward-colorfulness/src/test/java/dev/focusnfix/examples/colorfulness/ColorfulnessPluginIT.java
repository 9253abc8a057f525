package dev.focusnfix.examples.colorfulness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.ConfigNode;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.plugin.RegisteredExtension;
import dev.focusnfix.core.services.FrameworkInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third-party proof: the plugin's jar, as Maven built it, dropped into an empty plugins folder, is found by a
 * freshly started host, its options bind from YAML, and the reward runs.
 */
class ColorfulnessPluginIT {

    @TempDir
    Path temp;

    @Test
    void hostLoadsTheJarAndRunsTheReward() throws Exception {
        Path jar = Path.of(System.getProperty("plugin.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged plugin jar must exist: " + jar);
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("dev.focusnfix.examples.colorfulness.ColorfulnessReward"),
                "the plugin's classes must not be on the test class path, or this test proves nothing");
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        Files.copy(jar, pluginsDir.resolve(jar.getFileName()));

        try (FrameworkRuntime runtime = FrameworkRuntime.start(
                        new FrameworkInfo("0.1.0", Optional.empty()), pluginsDir, ProgressReporter.silent());
                TestExtensionContext context = new TestExtensionContext(temp, temp.resolve("out"), 1L)) {
            assertEquals(List.of(), runtime.host().problems());
            RegisteredExtension found = runtime.host().registry().find(ExtensionKind.REWARD, "colorfulness")
                    .orElseThrow(() -> new AssertionError("colorfulness reward not registered"));
            assertEquals("reward-colorfulness", found.pluginId());

            @SuppressWarnings("unchecked")
            RewardModel<Object> model = (RewardModel<Object>) found.extension();
            ConfigNode yaml = YamlLoader.parse("scale: 2.0", "test.yaml");
            Object options = new OptionsBinder(temp).bind(yaml, model.optionsType(), "reward");

            try (Reward reward = model.open(options, context)) {
                NDArray red = context.manager().zeros(new Shape(1, 3, 8, 8));
                red.set(new NDIndex(":, 0"), 1f);
                float score = reward.score(new ImageBatch(red), PromptBatch.of(List.of("a red square")))
                        .reward().getFloat(0);
                // Uniform pure red: rg = 1, yb = 0.5, no spread (only epsilon 1e-6 under its root):
                // 2 * (sqrt(1e-6) + 0.3 * sqrt(1.25 + 1e-6)).
                assertEquals(2 * (Math.sqrt(1e-6) + 0.3 * Math.sqrt(1.25 + 1e-6)), score, 1e-5);
            }
        }
    }
}
