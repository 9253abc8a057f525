package dev.focusnfix.plugins.sld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.SamplingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets as diffusers' SafetyConfig (v0.25.0), explicit values over a preset, checks and the run-folder record. */
class SldOptionsTest {

    @TempDir
    Path temp;

    @Test
    void presetsHoldDiffusersValues() {
        assertEquals(new SldParameters(20f, 15, 0f, 0f, 0f), SldPreset.WEAK.parameters());
        assertEquals(new SldParameters(1000f, 10, 0.01f, 0.3f, 0.4f), SldPreset.MEDIUM.parameters());
        assertEquals(new SldParameters(2000f, 7, 0.025f, 0.5f, 0.7f), SldPreset.STRONG.parameters());
        assertEquals(new SldParameters(5000f, 0, 1f, 0.5f, 0.7f), SldPreset.MAX.parameters());
    }

    @Test
    void explicitValuesReplaceThePresetsAndTheConceptDefaultsToDiffusers() {
        SafeLatentDiffusionOptions o = new SafeLatentDiffusionOptions(
                SldPreset.STRONG,
                Optional.empty(),
                Optional.of(1),
                Optional.empty(),
                Optional.empty(),
                Optional.of(0.2f),
                null);
        assertEquals(new SldParameters(2000f, 1, 0.025f, 0.5f, 0.2f), o.parameters());
        assertTrue(o.safetyConcept().startsWith("an image showing hate, harassment, violence"));
        assertEquals(
                SldPreset.MEDIUM, new SafeLatentDiffusionOptions(null, null, null, null, null, null, "x").preset());
    }

    @Test
    void enabledOnlyAboveOneAsDiffusers() {
        assertTrue(SldPreset.MEDIUM.parameters().enabledAt(7.5f));
        assertFalse(SldPreset.MEDIUM.parameters().enabledAt(1f));
        assertFalse(new SldParameters(1f, 0, 0f, 0f, 0f).enabledAt(7.5f));
    }

    @Test
    void badValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SldParameters(10f, 0, 0f, 0f, 1.5f))
                .getMessage()
                .contains("mom-beta"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SldParameters(10f, -1, 0f, 0f, 0f))
                .getMessage()
                .contains("warmup-steps"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> SafeLatentDiffusionOptions.of(SldPreset.MEDIUM, " "))
                        .getMessage()
                        .contains("safetyConcept"));
    }

    @Test
    void theRunFolderRecordsTheProcedure() throws Exception {
        Path file = ProcedureDescription.write(
                temp,
                SafeLatentDiffusionOptions.of(SldPreset.STRONG, "red, \"crimson\"\n"),
                new SamplingSettings(64, 64, 20, 5f, 0f));
        String json = Files.readString(file);
        assertTrue(json.contains("\"preset\": \"strong\""), json);
        assertTrue(json.contains("\"guidanceScale\": 2000.0"), json);
        assertTrue(json.contains("\"enabled\": true"), json);
        assertTrue(json.contains("\"safetyConcept\": \"red, \\\"crimson\\\"\\n\""), json);
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
