package dev.focusnfix.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {

    @TempDir
    Path folder;

    @Test
    void writesAGridOfTheExpectedSizeWithNearestNeighbourCells() throws Exception {
        SampleReportFixture fixture = SampleReportFixture.create(folder);
        Path sheet = folder.resolve("contact-sheet.png");

        ContactSheet.write(fixture.rows.subList(0, 2), folder, 128, sheet);

        BufferedImage image = ImageIO.read(sheet.toFile());
        // width 8 + 5 * (128 + 8) = 688; height 24 + 2 * (20 + 128 + 8) + 8 = 344
        assertEquals(688, image.getWidth());
        assertEquals(344, image.getHeight());

        // the base image of row 0 (64 x 64, scaled x2) fills cell (0, 0) from (8, 44): its pixel (10, 5) is at
        // (8 + 20, 44 + 10) .. (8 + 21, 44 + 11), with exactly the source colour (no interpolation)
        BufferedImage base = SampleReportFixture.picture(0, false);
        int expected = base.getRGB(10, 5) & 0xffffff;
        assertEquals(expected, image.getRGB(28, 54) & 0xffffff);
        assertEquals(expected, image.getRGB(29, 55) & 0xffffff);

        // row 1 has no saliency map: its cell (column 3) is the grey placeholder; top-left corner avoids the cross
        int saliencyLeft = 8 + 3 * (128 + 8);
        int rowTop = 24 + (20 + 128 + 8) + 20;
        assertEquals(0xdddddd, image.getRGB(saliencyLeft + 60, rowTop + 5) & 0xffffff);
    }

    @Test
    void anEmptySheetIsJustTheHeader() {
        BufferedImage image = ContactSheet.render(List.of(), folder, 32);
        assertEquals(8 + 5 * 40, image.getWidth());
        assertEquals(24 + 8, image.getHeight());
    }
}
