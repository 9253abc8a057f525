package dev.focusnfix.plugins.focusnfix;

import dev.focusnfix.core.testing.AdapterTunerJarCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar of the {@code focus-n-fix} tuner, with a reference pool, loads into a fresh host and trains (see
 * AdapterTunerJarCheck).
 */
class FocusNFixPluginIT {

    @TempDir
    Path temp;

    @Test
    void hostLoadsTheJarAndTrains() throws Exception {
        AdapterTunerJarCheck.trainsFromItsJar(
                temp,
                "dev.focusnfix.plugins.focusnfix.FocusNFixTuner",
                "focus-n-fix",
                "tuner-focus-n-fix",
                """
                lora: {rank: 2, alpha: 2}
                beta: 1e-2
                referencePool: 2
                steps: 2
                learningRate: 1e-3
                checkpointEvery: 1
                """);
    }
}
