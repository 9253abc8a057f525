package dev.focusnfix.sdk.io;

import dev.focusnfix.api.Stable;
import dev.focusnfix.nn.io.AtomicFiles;
import dev.focusnfix.nn.io.Png;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Files a plugin writes into its run folder (masks, descriptions), written atomically: a reader (the report, a
 * resumed run) never sees half a file.
 */
@Stable(since = "0.2.0")
public final class OutputFiles {

    private OutputFiles() {}

    /** A text file (UTF-8). */
    public static void writeString(Path target, String text) throws IOException {
        AtomicFiles.writeString(target, text);
    }

    /**
     * A greyscale 8-bit PNG of {@code height × width} values in [0, 1] (row-major; values outside are clamped), for
     * example a region mask.
     */
    public static void writeGreyPng(float[] unitValues, int height, int width, Path file) throws IOException {
        Png.writeGrey(unitValues, height, width, file);
    }
}
