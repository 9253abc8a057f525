package dev.focusnfix.training.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.MetricsRecord;
import dev.focusnfix.api.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer of {@code metrics.jsonl} follows {@link MetricsRecord}: its field names, in its order. */
class MetricsLogSchemaTest {

    @TempDir
    Path dir;

    @Test
    void linesHoldTheRecordsFieldsInOrderWithNullForNonFiniteAndOptionalFieldsOnlyWhenSet() throws Exception {
        MetricsLog log = new MetricsLog(dir.resolve(RunLayout.METRICS));
        log.append(new StepMetrics(1, -2.5, 0.25, -3.0, 1.5, 2e-3, 0.75, new MemoryUsage(10, 20, 30), null));
        log.append(new StepMetrics(
                2,
                Double.NaN,
                0,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                2e-3,
                0.5,
                new MemoryUsage(11, 21, 31),
                "non-finite reward"));
        log.append(new StepMetrics(
                3,
                -2.0,
                0,
                -2.0,
                Double.POSITIVE_INFINITY,
                2e-3,
                0.5,
                new MemoryUsage(11, 21, 31),
                new StepMetrics.LossScaleStep(65536, "shrank"),
                "float16 gradients overflowed"));
        List<String> lines = Files.readAllLines(dir.resolve(RunLayout.METRICS));
        assertEquals(3, lines.size());
        List<String> withoutLossScale = new ArrayList<>(MetricsRecord.FIELDS);
        withoutLossScale.removeAll(List.of(MetricsRecord.LOSS_SCALE, MetricsRecord.LOSS_SCALE_EVENT));

        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(withoutLossScale.subList(0, withoutLossScale.size() - 1), new ArrayList<>(first.keySet()));
        assertEquals(-2.5, first.get(MetricsRecord.REWARD).getAsDouble());
        assertEquals(0.25, first.get(MetricsRecord.CONSTRAINT).getAsDouble());
        assertEquals(1.5, first.get(MetricsRecord.GRAD_NORM).getAsDouble());
        assertEquals(30, first.get(MetricsRecord.PEAK_RSS_BYTES).getAsLong());

        JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals(withoutLossScale, new ArrayList<>(second.keySet()));
        assertTrue(second.get(MetricsRecord.REWARD).isJsonNull());
        assertTrue(second.get(MetricsRecord.GRAD_NORM).isJsonNull());
        assertEquals("non-finite reward", second.get(MetricsRecord.SKIPPED).getAsString());

        JsonObject third = JsonParser.parseString(lines.get(2)).getAsJsonObject();
        assertEquals(MetricsRecord.FIELDS, new ArrayList<>(third.keySet()));
        assertEquals(65536.0, third.get(MetricsRecord.LOSS_SCALE).getAsDouble());
        assertEquals("shrank", third.get(MetricsRecord.LOSS_SCALE_EVENT).getAsString());
    }
}
