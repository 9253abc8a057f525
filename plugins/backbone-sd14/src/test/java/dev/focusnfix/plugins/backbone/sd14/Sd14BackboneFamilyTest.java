package dev.focusnfix.plugins.backbone.sd14;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.sdk.backbone.DiffusersBackboneOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sd14BackboneFamilyTest {

    @TempDir
    Path out;

    @Test
    void claimsOnlyStableDiffusionFoldersAndRefusesAnSdxlFolderWithItsClass() {
        assertTrue(new Sd14Backbone().canOpen(TestData.path("tiny-sd")));
        assertFalse(new Sd14Backbone().canOpen(TestData.path("tiny-sdxl")));
        assertFalse(new Sd14Backbone().canOpen(TestData.path("tiny-ldm")));
        assertFalse(new Sd14Backbone().canOpen(out), "a folder without model_index.json");
        try (TestExtensionContext context = new TestExtensionContext(TestData.root(), out, 0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sd14Backbone()
                    .open(
                            new BackboneSettings(TestData.path("tiny-sdxl"), new SamplingSettings(32, 32, 2, 5f, 0f)),
                            new DiffusersBackboneOptions(Optional.empty()),
                            context));
            assertTrue(
                    e.getMessage().contains("holds a StableDiffusionXLPipeline")
                            && e.getMessage().contains("a backbone that opens StableDiffusionXLPipeline folders"),
                    e.getMessage());
        }
    }
}
