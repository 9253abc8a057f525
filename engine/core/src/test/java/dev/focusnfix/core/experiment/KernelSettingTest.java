package dev.focusnfix.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.nn.kernels.FusedKernels;
import dev.focusnfix.nn.kernels.KernelMode;
import dev.focusnfix.nn.kernels.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment's {@code kernels:} key: bound with the other enums, refused when fused cannot load. */
class KernelSettingTest {

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        System.clearProperty(FusedKernels.LOCATION_PROPERTY);
        Kernels.reset();
        Kernels.use(Kernels.composed());
    }

    private Experiment load(String yaml) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, yaml);
        Files.writeString(dir.resolve("eval-prompts.txt"), "a triangle on a white background\n");
        return ExperimentLoader.load(file, List.of());
    }

    @Test
    void kernelsDefaultToAutoAndBind() throws IOException {
        assertEquals(KernelMode.AUTO, load(ExperimentLoaderTest.VALID).spec().kernels());
        assertEquals(
                KernelMode.COMPOSED,
                load(ExperimentLoaderTest.VALID.replace("device: cpu", "device: cpu\nkernels: composed"))
                        .spec()
                        .kernels());
        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> load(ExperimentLoaderTest.VALID.replace("device: cpu", "device: cpu\nkernels: flash")));
        assertTrue(bad.getMessage().startsWith("exp.yaml:4:10: kernels: unknown value 'flash'"), bad.getMessage());
    }

    @Test
    void fusedWhereTheKernelsCannotLoadIsRefusedAtTheKeyWhileAutoFallsBack() throws IOException {
        for (String file : FusedKernels.FILES) {
            Files.writeString(dir.resolve(file), "broken");
        }
        System.setProperty(FusedKernels.LOCATION_PROPERTY, dir.toString());
        Kernels.reset();
        ConfigException refused = assertThrows(ConfigException.class, () -> KernelSetting.activate(KernelMode.FUSED));
        assertTrue(
                refused.getMessage().startsWith("kernels: the fused kernels cannot load (attention.pt"),
                refused.getMessage());
        assertEquals("composed", KernelSetting.activate(KernelMode.AUTO).name());
        assertEquals(
                "kernels=auto\nkernelsUsed=composed\n", KernelSetting.runProperties(KernelMode.AUTO, Kernels.active()));
    }

    @Test
    void fusedLoadsFromTheJar() {
        assertEquals("fused", KernelSetting.activate(KernelMode.FUSED).name());
        assertEquals("fused", Kernels.active().name());
    }
}
