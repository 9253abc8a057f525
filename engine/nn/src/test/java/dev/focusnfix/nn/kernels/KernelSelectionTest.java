package dev.focusnfix.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kernels: fused} is refused with a clear message where the kernels cannot load; {@code auto} falls back. */
class KernelSelectionTest {

    @TempDir
    Path folder;

    @AfterEach
    void restore() {
        System.clearProperty(FusedKernels.LOCATION_PROPERTY);
        Kernels.reset();
        Kernels.use(Kernels.composed());
    }

    @Test
    void fusedIsRefusedWhenAKernelFileIsBrokenAndAutoFallsBack() throws Exception {
        for (String file : FusedKernels.FILES) {
            Files.writeString(folder.resolve(file), "not a TorchScript archive");
        }
        System.setProperty(FusedKernels.LOCATION_PROPERTY, folder.toString());
        Kernels.reset();
        KernelUnavailableException refused =
                assertThrows(KernelUnavailableException.class, () -> Kernels.select(KernelMode.FUSED));
        assertTrue(refused.getMessage().contains("attention.pt"), refused.getMessage());
        assertTrue(refused.getMessage().contains("kernels: composed"), refused.getMessage());
        assertSame(Kernels.composed(), Kernels.active(), "a refused selection leaves the kernels as they were");
        assertEquals("composed", Kernels.select(KernelMode.AUTO).name());
        assertSame(Kernels.composed(), Kernels.active());
    }

    @Test
    void fusedIsRefusedWhenTheFolderLacksTheKernels() {
        System.setProperty(
                FusedKernels.LOCATION_PROPERTY, folder.resolve("missing").toString());
        Kernels.reset();
        KernelUnavailableException refused =
                assertThrows(KernelUnavailableException.class, () -> Kernels.select(KernelMode.FUSED));
        assertTrue(refused.getMessage().contains("no such file"), refused.getMessage());
    }

    @Test
    void bundledKernelsLoadForFusedAndAuto() {
        Kernels.reset();
        assertEquals("fused", Kernels.select(KernelMode.FUSED).name());
        assertEquals("fused", Kernels.select(KernelMode.AUTO).name());
        assertEquals("composed", Kernels.select(KernelMode.COMPOSED).name());
    }

    @Test
    void modesParseAndBadValuesAreNamed() {
        assertEquals(KernelMode.AUTO, KernelMode.parse("Auto"));
        assertEquals(KernelMode.FUSED, KernelMode.parse("fused"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> KernelMode.parse("flash"));
        assertTrue(bad.getMessage().contains("'flash'") && bad.getMessage().contains("composed"), bad.getMessage());
    }
}
