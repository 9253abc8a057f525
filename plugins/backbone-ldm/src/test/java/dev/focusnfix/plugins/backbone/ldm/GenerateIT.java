package dev.focusnfix.plugins.backbone.ldm;

import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.cli.testing.GenerateParityCheck;
import org.junit.jupiter.api.Test;

/** {@code framework generate} with this plugin's jar reproduces the reference pipeline's final latents. */
class GenerateIT extends GenerateParityCheck {

    @Test
    void tinyLdmPipeline() throws Exception {
        assertGenerateReproduces(
                TestData.path("tiny-ldm"), TestData.path("tiny-ldm/expected/pipeline_ddim10_cfg6.safetensors"));
    }
}
