package dev.focusnfix.api.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the project's committed test fixtures ({@code engine/testdata}) from any module's working directory, so
 * that a fresh clone runs its tests without the shared folder beside it.
 */
public final class TestData {

    private static final String RELATIVE = "engine/testdata";

    private TestData() {}

    /** The fixture folder root, found by walking up from the current directory. */
    public static Path root() {
        String override = System.getProperty("focusnfix.testdata");
        if (override != null) {
            return Paths.get(override);
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "Cannot find " + RELATIVE + " above " + Paths.get("").toAbsolutePath()
                        + "; set -Dfocusnfix.testdata=DIR");
    }

    /** A path inside the fixture folder, for example {@code path("tiny-sd/unet/config.json")}. */
    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
