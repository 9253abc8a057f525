package dev.focusnfix.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path folder;

    @Test
    void readsSeriesAndDropsATruncatedLastLine() throws IOException {
        Path file = folder.resolve("metrics.jsonl");
        Files.writeString(
                file,
                """
                {"step": 1, "reward": 0.5, "constraint": 2.0, "gradNorm": 1.25, "learningRate": 2e-5}
                {"step": 2, "reward": 0.75, "gradNorm": NaN, "learningRate": 1.4142e-5, "phase": "train"}

                {"step": 4, "reward": null, "constraint": 3.5, "rewards": {"alignment": 0.9}}
                {"step": 5, "reward": 0.8, "constr""");
        MetricsLog log = MetricsLog.read(file);
        assertTrue(log.truncatedLastLine());
        assertEquals(3, log.size());
        assertArrayEquals(new double[] {1, 2, 4}, log.steps());
        assertEquals(
                List.of("reward", "constraint", "gradNorm", "learningRate", "rewards.alignment"),
                List.copyOf(log.fields()));
        assertArrayEquals(
                new double[] {0.5, 0.75, Double.NaN}, log.series("reward").y());
        assertArrayEquals(
                new double[] {2.0, Double.NaN, 3.5}, log.series("constraint").y());
        assertArrayEquals(
                new double[] {1.25, Double.NaN, Double.NaN},
                log.series("gradNorm").y());
        assertArrayEquals(
                new double[] {Double.NaN, Double.NaN, 0.9},
                log.series("rewards.alignment").y());
        assertEquals(0.75, log.last("reward").getAsDouble());
        assertFalse(log.hasData("heapBytes"));
        assertEquals(3, log.series("heapBytes").size());
    }

    @Test
    void aCompleteLastLineWithoutNewlineIsKept() throws IOException {
        MetricsLog log = MetricsLog.parse(List.of("{\"step\": 0, \"reward\": 1}", "{\"reward\": 2}"), "mem");
        assertFalse(log.truncatedLastLine());
        assertArrayEquals(new double[] {0, 1}, log.steps(), "a missing step follows the previous one");
        assertArrayEquals(new double[] {1, 2}, log.series("reward").y());
    }

    @Test
    void aMalformedLineInTheMiddleIsAnErrorNamingIt() {
        IOException e = assertThrows(
                IOException.class,
                () -> MetricsLog.parse(
                        List.of("{\"step\": 0}", "{\"step\": 1, oops", "{\"step\": 2}"), "run/metrics.jsonl"));
        assertTrue(e.getMessage().startsWith("run/metrics.jsonl line 2: not a JSON object"), e.getMessage());
        IOException notObject =
                assertThrows(IOException.class, () -> MetricsLog.parse(List.of("[1, 2]", "{\"step\": 2}"), "m"));
        assertTrue(notObject.getMessage().contains("line 1"), notObject.getMessage());
    }

    @Test
    void anEmptyFileHasNoRecords() throws IOException {
        MetricsLog log = MetricsLog.parse(List.of("", "  "), "empty");
        assertEquals(0, log.size());
        assertFalse(log.truncatedLastLine());
        assertTrue(TrainingCurves.of(log).isEmpty());
    }
}
