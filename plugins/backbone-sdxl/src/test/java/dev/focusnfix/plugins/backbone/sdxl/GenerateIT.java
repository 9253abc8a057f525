package dev.focusnfix.plugins.backbone.sdxl;

import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.cli.testing.GenerateParityCheck;
import org.junit.jupiter.api.Test;

/** {@code framework generate} with this plugin's jar reproduces the reference pipeline's final latents. */
class GenerateIT extends GenerateParityCheck {

    @Test
    void tinySdxlPipeline() throws Exception {
        assertGenerateReproduces(
                TestData.path("tiny-sdxl"), TestData.path("tiny-sdxl/expected/pipeline_ddim10_cfg5.safetensors"));
    }
}
