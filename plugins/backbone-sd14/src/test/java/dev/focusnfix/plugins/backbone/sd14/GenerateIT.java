package dev.focusnfix.plugins.backbone.sd14;

import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.cli.testing.GenerateParityCheck;
import org.junit.jupiter.api.Test;

/** {@code framework generate} with this plugin's jar reproduces the reference pipelines' final latents. */
class GenerateIT extends GenerateParityCheck {

    @Test
    void tinySdPipeline() throws Exception {
        assertGenerateReproduces(
                TestData.path("tiny-sd"), TestData.path("tiny-sd/expected/pipeline_ddim10_cfg7.5.safetensors"));
    }

    @Test
    void toyShapesPipeline() throws Exception {
        java.nio.file.Path toy = TestData.root().resolveSibling("models/toy-shapes");
        assertGenerateReproduces(toy, toy.resolve("expected/pipeline_ddim20_cfg5.safetensors"));
    }
}
