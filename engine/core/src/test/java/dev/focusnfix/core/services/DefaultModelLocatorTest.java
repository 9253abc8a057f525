package dev.focusnfix.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultModelLocatorTest {

    private static final FrameworkInfo INFO = new FrameworkInfo("0.1.0", Optional.empty());

    @TempDir
    Path dir;

    @Test
    void backboneReferencesResolveInsideTheExperimentsBackboneFolder() throws Exception {
        Path sd = Files.createDirectories(dir.resolve("models/sd/safety_checker"));
        DefaultModelLocator locator = new DefaultModelLocator(INFO, dir, Optional.of("models/sd"));
        assertEquals(dir.resolve("models/sd"), locator.resolve("backbone:"));
        assertEquals(sd, locator.resolve("backbone:safety_checker"));
    }

    @Test
    void backboneReferencesThatLeaveTheFolderOrAreMissingAreRefused() throws Exception {
        Files.createDirectories(dir.resolve("models/sd"));
        Files.createDirectories(dir.resolve("models/other"));
        DefaultModelLocator locator = new DefaultModelLocator(INFO, dir, Optional.of("models/sd"));
        IllegalArgumentException escape =
                assertThrows(IllegalArgumentException.class, () -> locator.resolve("backbone:../other"));
        assertTrue(escape.getMessage().contains("inside the backbone folder"), escape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> locator.resolve("backbone:feature_extractor"));
    }

    @Test
    void withoutAnExperimentBackboneTheReferenceIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new DefaultModelLocator(INFO, dir).resolve("backbone:"));
        assertTrue(e.getMessage().contains("no experiment backbone"), e.getMessage());
    }
}
