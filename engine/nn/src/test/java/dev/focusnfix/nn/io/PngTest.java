package dev.focusnfix.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTest {

    @TempDir
    Path folder;

    @Test
    void writesAnRgbTensorClampedAndRounded() throws Exception {
        Path file = folder.resolve("rgb.png");
        try (NDManager m = NDManager.newBaseManager()) {
            // [3,1,2]: pixel 0 = (1, 0.5, -1 -> 0), pixel 1 = (2 -> 1, 0, NaN -> 0).
            Png.write(m.create(new float[] {1f, 2f, 0.5f, 0f, -1f, Float.NaN}, new Shape(3, 1, 2)), file);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals((255 << 16) | (128 << 8), image.getRGB(0, 0) & 0xffffff);
        assertEquals(255 << 16, image.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void writesAGreyTensorAsEqualChannels() throws Exception {
        Path file = folder.resolve("grey.png");
        try (NDManager m = NDManager.newBaseManager()) {
            Png.write(m.create(new float[] {0.2f, 1f}, new Shape(1, 1, 2)), file);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Png.write(m.create(new float[4], new Shape(2, 1, 2)), folder.resolve("bad.png")));
        }
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(0x333333, image.getRGB(0, 0) & 0xffffff);
        assertEquals(0xffffff, image.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void writesGreyValuesAsSingleChannelSamples() throws Exception {
        Path file = folder.resolve("sub/mask.png");
        Png.writeGrey(new float[] {0f, 0.5f, 1.5f, 100 / 255f}, 2, 2, file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(1, image.getRaster().getNumBands());
        assertEquals(0, image.getRaster().getSample(0, 0, 0));
        assertEquals(128, image.getRaster().getSample(1, 0, 0));
        assertEquals(255, image.getRaster().getSample(0, 1, 0));
        assertEquals(100, image.getRaster().getSample(1, 1, 0));
    }
}
