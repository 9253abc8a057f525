package dev.focusnfix.plugins.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.testkit.TestExtensionContext;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code file} and {@code full} functions, and the PNG snapshots. */
class FileAndFullRegionTest {

    @TempDir
    Path outputDir;

    private RegionResult run(RegionMasker masker, NDManager m, int n, int size) {
        NDArray images = m.full(new Shape(n, 3, size, size), 0.5f);
        return masker.mask(new ImageBatch(images), PromptBatch.of(java.util.Collections.nCopies(n, "x")), null);
    }

    @Test
    void fileMaskIsResizedByNearestNeighbourAndThresholdedForEveryImage() throws Exception {
        try (TestExtensionContext context = new TestExtensionContext(MaskFiles.folderWithSquareMask(), outputDir, 1);
                NDManager m = context.manager().newSubManager();
                RegionMasker masker = new FileRegion()
                        .open(
                                new FileRegion.Options(MaskFiles.SQUARE, Optional.of(0.5f), Optional.of("file")),
                                context)) {
            RegionResult result = run(masker, m, 2, 32);
            float[] mask = result.mask().values().toFloatArray();
            float[] raw = result.rawMap().toFloatArray();
            assertEquals(2 * 32 * 32, mask.length);
            for (int i = 0; i < 2; i++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int p = i * 1024 + y * 32 + x;
                        boolean square = y >= 8 && y < 16 && x >= 8 && x < 16;
                        boolean grey = y >= 24 && x >= 24;
                        assertEquals(square ? 1f : 0f, mask[p], "mask at " + i + "," + y + "," + x);
                        assertEquals(square ? 1f : grey ? 100 / 255f : 0f, raw[p], 1e-6f, "raw at " + y + "," + x);
                    }
                }
            }
            // Snapshots: one raw map and one mask per image, numbered across calls.
            run(masker, m, 1, 32);
            Path folder = outputDir.resolve("file");
            for (String name : List.of("raw-000000.png", "mask-000000.png", "mask-000001.png", "mask-000002.png")) {
                assertTrue(Files.isRegularFile(folder.resolve(name)), name);
            }
            BufferedImage saved = ImageIO.read(folder.resolve("mask-000001.png").toFile());
            assertEquals(255, saved.getRaster().getSample(10, 10, 0));
            assertEquals(0, saved.getRaster().getSample(0, 0, 0));
            try (var files = Files.list(folder)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp files left");
            }
        }
    }

    @Test
    void fileMaskWithoutThresholdIsSoft() throws Exception {
        try (TestExtensionContext context = new TestExtensionContext(MaskFiles.folderWithSquareMask(), outputDir, 1);
                NDManager m = context.manager().newSubManager();
                RegionMasker masker = new FileRegion()
                        .open(new FileRegion.Options(MaskFiles.SQUARE, Optional.empty(), Optional.empty()), context)) {
            float[] mask = run(masker, m, 1, 16).mask().values().toFloatArray();
            assertEquals(1f, mask[5 * 16 + 5]);
            assertEquals(100 / 255f, mask[13 * 16 + 13], 1e-6f);
        }
    }

    @Test
    void missingMaskFileIsReportedWhenOpening() {
        try (TestExtensionContext context = new TestExtensionContext(outputDir, outputDir, 1)) {
            assertThrows(IllegalArgumentException.class, () -> new FileRegion()
                    .open(new FileRegion.Options("nope.png", Optional.empty(), Optional.empty()), context));
        }
    }

    @Test
    void fullMaskIsAllOnes() throws Exception {
        try (TestExtensionContext context = new TestExtensionContext(outputDir, outputDir, 1);
                NDManager m = context.manager().newSubManager();
                RegionMasker masker = new FullRegion().open(new FullRegion.Options(Optional.empty()), context)) {
            RegionResult result = run(masker, m, 3, 8);
            assertArrayEquals(
                    new long[] {3, 1, 8, 8}, result.mask().values().getShape().getShape());
            for (float v : result.mask().values().toFloatArray()) {
                assertEquals(1f, v);
            }
        }
    }
}
