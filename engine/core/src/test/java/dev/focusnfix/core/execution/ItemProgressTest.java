package dev.focusnfix.core.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.services.ProgressTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's progress line: an ETA while items remain, and each executor's count and throughput. */
class ItemProgressTest {

    @Test
    void reportsTheEtaAndEachExecutorsThroughput() {
        List<String> lines = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        ProgressTask task = new ProgressTask() {
            @Override
            public void step(long done, String message) {
                counts.add(done);
                lines.add(message);
            }

            @Override
            public void close() {}
        };
        ItemProgress progress = new ItemProgress(task, 4, 1);
        WorkItem item = WorkItem.image("v", 0, "p", 1);
        progress.finished(new ItemResult(item, null, false, false, Map.of(), "executor 1", 2.0));
        progress.finished(new ItemResult(item, null, false, false, Map.of(), "executor 2", 4.0));
        progress.finished(new ItemResult(item, null, false, false, Map.of(), "executor 1", 2.0));
        assertEquals(List.of(2L, 3L, 4L), counts, "one item was done before");
        assertTrue(lines.get(0).startsWith("ETA "), lines.get(0));
        assertEquals("finished; executor 1: 2 items, 0.50 items/s; executor 2: 1 items, 0.25 items/s", lines.get(2));
        assertEquals("1m05s", ItemProgress.duration(65));
    }
}
