package dev.focusnfix.plugins.region;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Mask images written for the tests. */
final class MaskFiles {

    /** A 16x16 grey PNG: 0 everywhere, 255 in rows and columns 4..7, 100 in rows and columns 12..15. */
    static final String SQUARE = "square-mask.png";

    private static Path folder;

    private MaskFiles() {}

    /** A folder holding {@link #SQUARE}, written once per test run. */
    static synchronized Path folderWithSquareMask() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("region-masks");
                dir.toFile().deleteOnExit();
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        int v = y >= 4 && y < 8 && x >= 4 && x < 8 ? 255 : y >= 12 && x >= 12 ? 100 : 0;
                        image.getRaster().setSample(x, y, 0, v);
                    }
                }
                Path file = dir.resolve(SQUARE);
                ImageIO.write(image, "png", file.toFile());
                file.toFile().deleteOnExit();
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
