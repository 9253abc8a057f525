package dev.focusnfix.api.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Locates test fixtures. Inside this repository they are the committed {@code engine/testdata}, found from any
 * module's working directory; a plugin built elsewhere names its own folder with the system property
 * {@value #PROPERTY} (for example in Surefire's {@code systemPropertyVariables}), and without it the contract kit
 * resolves model references against the plugin's {@code src/test/resources}.
 */
public final class TestData {

    /** The system property that names the fixture folder. */
    public static final String PROPERTY = "focusnfix.testdata";

    private static final String RELATIVE = "engine/testdata";

    private TestData() {}

    /** The fixture folder: {@value #PROPERTY} if set, else {@code engine/testdata} above the working directory. */
    public static Path root() {
        return find().orElseThrow(() -> new IllegalStateException("Cannot find " + RELATIVE + " above "
                + Paths.get("").toAbsolutePath() + "; set -D" + PROPERTY + "=DIR"));
    }

    /**
     * The folder model references in contract tests resolve against: {@link #find()}, or else the working
     * directory's {@code src/test/resources} (a plugin built outside this repository).
     */
    public static Path modelBase() {
        return find().orElseGet(() -> Paths.get("src", "test", "resources").toAbsolutePath());
    }

    /** The fixture folder if the property names one or {@code engine/testdata} lies above the working directory. */
    public static Optional<Path> find() {
        String override = System.getProperty(PROPERTY);
        if (override != null) {
            return Optional.of(Paths.get(override));
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** A path inside the fixture folder, for example {@code path("tiny-sd/unet/config.json")}. */
    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
