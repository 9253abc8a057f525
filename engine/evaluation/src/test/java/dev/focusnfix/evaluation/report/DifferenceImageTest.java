package dev.focusnfix.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifferenceImageTest {

    @TempDir
    Path folder;

    @Test
    void maxChannelDifferenceAmplifiedAndClipped() throws Exception {
        BufferedImage base = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage tuned = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        base.setRGB(0, 0, rgb(10, 20, 30));
        tuned.setRGB(0, 0, rgb(10, 20, 30)); // unchanged: 0
        base.setRGB(1, 0, rgb(10, 20, 30));
        tuned.setRGB(1, 0, rgb(15, 50, 25)); // channel changes 5, 30, 5: max 30, x4 = 120
        base.setRGB(2, 0, rgb(0, 0, 0));
        tuned.setRGB(2, 0, rgb(0, 0, 100)); // 100 x4 = 400 > 255: clipped to white
        Path basePng = folder.resolve("base.png");
        Path tunedPng = folder.resolve("tuned.png");
        ImageIO.write(base, "png", basePng.toFile());
        ImageIO.write(tuned, "png", tunedPng.toFile());
        Path out = folder.resolve("out/diff.png");

        DifferenceImage.write(basePng, tunedPng, out);

        BufferedImage diff = ImageIO.read(out.toFile());
        assertEquals(3, diff.getWidth());
        int[] grey = diff.getRaster().getPixels(0, 0, 3, 1, (int[]) null);
        assertEquals(0, grey[0]);
        assertEquals(120, grey[1]);
        assertEquals(255, grey[2]);
    }

    @Test
    void differentSizesAreRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DifferenceImage.compute(
                        new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB),
                        new BufferedImage(4, 5, BufferedImage.TYPE_INT_RGB),
                        4));
        assertTrue(e.getMessage().contains("4x4") && e.getMessage().contains("4x5"), e.getMessage());
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }
}
