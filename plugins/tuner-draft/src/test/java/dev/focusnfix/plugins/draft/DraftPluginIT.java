package dev.focusnfix.plugins.draft;

import dev.focusnfix.core.testing.AdapterTunerJarCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar of the {@code draft} tuner loads into a fresh host and trains (see AdapterTunerJarCheck). */
class DraftPluginIT {

    @TempDir
    Path temp;

    @Test
    void hostLoadsTheJarAndTrains() throws Exception {
        AdapterTunerJarCheck.trainsFromItsJar(
                temp,
                "dev.focusnfix.plugins.draft.DraftTuner",
                "draft",
                "tuner-draft",
                """
                lora: {rank: 2, alpha: 2}
                truncation: 2
                steps: 2
                learningRate: 1e-3
                checkpointEvery: 1
                """);
    }
}
