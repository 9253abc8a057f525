package dev.focusnfix.plugins.draft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.testkit.FineTunerContract;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import dev.focusnfix.sdk.training.LoraOptions;
import dev.focusnfix.sdk.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DRaFT-LV runs through the contract too, trains the adapters (B leaves zero) and reports the mean reward of its
 * re-noised copies; full DRaFT (truncation 0) trains as well.
 */
class DraftLvTest extends FineTunerContract<DraftOptions> {

    private DraftOptions options = lv(2);

    private static DraftOptions lv(int truncation) {
        return new DraftOptions(
                DraftOptions.Variant.LV,
                truncation,
                3,
                new TrainingOptions(
                        new LoraOptions(2, 2f, List.of()),
                        1e-3,
                        LearningRateSchedule.CONSTANT,
                        0.0,
                        0.0,
                        2,
                        1,
                        1,
                        0,
                        0,
                        3,
                        false));
    }

    @Override
    protected FineTuner<DraftOptions> createExtension() {
        return new DraftTuner();
    }

    @Override
    protected DraftOptions options() {
        return options;
    }

    @Override
    protected DiffusionPipeline openBackbone(ExtensionContext context) throws Exception {
        return LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null, context.device(), DataType.FLOAT32);
    }

    private void assertTrainsTheAdapters(Path runDir, TuningResult result) throws Exception {
        Path file = ((TuningResult.AdapterWeights) result).file();
        try (StateDict adapter = StateDict.read(file, context.manager(), DataType.FLOAT32)) {
            boolean changed = false;
            for (String key : adapter.keys()) {
                if (key.endsWith("lora_B.weight")) {
                    changed |= adapter.get(key).abs().sum().getFloat() > 0;
                }
            }
            assertTrue(changed, "training must move B away from zero");
        }
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        for (String line : lines) {
            JsonObject m = JsonParser.parseString(line).getAsJsonObject();
            assertTrue(m.get("gradNorm").getAsDouble() > 0);
            assertFalse(m.has("skipped"));
        }
    }

    @Test
    void lowVarianceDraftTrainsTheAdaptersDeterministically() throws Exception {
        TuningResult first = tune("lv-a");
        assertTrainsTheAdapters(outputDir.resolve("runs/lv-a"), first);
        TuningResult second = tune("lv-b");
        assertArrayEquals(
                Files.readAllBytes(((TuningResult.AdapterWeights) first).file()),
                Files.readAllBytes(((TuningResult.AdapterWeights) second).file()));
    }

    @Test
    void fullDraftBackPropagatesThroughEveryStep() throws Exception {
        options = new DraftOptions(
                DraftOptions.Variant.K,
                0,
                1,
                new TrainingOptions(
                        new LoraOptions(2, 2f, List.of()),
                        1e-3,
                        LearningRateSchedule.CONSTANT,
                        0.0,
                        0.0,
                        2,
                        1,
                        1,
                        0,
                        0,
                        3,
                        false));
        assertTrainsTheAdapters(outputDir.resolve("runs/full"), tune("full"));
    }
}
