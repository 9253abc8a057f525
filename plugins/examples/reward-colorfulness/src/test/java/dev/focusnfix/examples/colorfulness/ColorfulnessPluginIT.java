package dev.focusnfix.examples.colorfulness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.testing.PluginJarHost;
import java.nio.file.Path;
import java.util.List;
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
        try (PluginJarHost host = PluginJarHost.start(temp, "dev.focusnfix.examples.colorfulness.ColorfulnessReward");
                TestExtensionContext context = new TestExtensionContext(temp, temp.resolve("out"), 1L)) {
            RewardModel<Object> model = host.extension(ExtensionKind.REWARD, "colorfulness", "reward-colorfulness");
            Object options = host.bindOptions(model, ExtensionKind.REWARD, "scale: 2.0");

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
