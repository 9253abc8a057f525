package dev.focusnfix.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Renders the sample report in headless Chromium through {@code src/test/chromium/render-report.sh}. Skipped (not
 * passed) where no Chromium is on the PATH, as on most CI machines. The report and screenshot stay in
 * {@code target/report-render/} to be looked at.
 */
class ChromiumRenderTest {

    @Test
    void theReportRendersInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(
                onPath("chromium") || onPath("chromium-browser") || onPath("google-chrome"),
                "no chromium on the PATH: rendering check skipped");
        Path script = Path.of("src/test/chromium/render-report.sh").toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(script), "render script not found at " + script);
        Path folder = Path.of("target/report-render").toAbsolutePath();
        SampleReportFixture fixture = SampleReportFixture.create(folder);
        ContactSheet.write(fixture.rows, folder, ContactSheet.DEFAULT_CELL_SIZE, folder.resolve("contact-sheet.png"));
        Path screenshot = folder.resolve("screenshot.png");

        Process process = new ProcessBuilder("bash", script.toString(), fixture.html.toString(), screenshot.toString())
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "chromium did not finish in 180 s");
        assertEquals(0, process.exitValue(), output);

        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1400, image.getWidth());
        assertEquals(2000, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(
                colours.size() > 200,
                "a rendered page with images and charts, not a blank one: " + colours.size() + " colours");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }
}
