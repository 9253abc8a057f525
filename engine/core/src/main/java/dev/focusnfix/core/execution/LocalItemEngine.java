package dev.focusnfix.core.execution;

import java.util.List;

/** Runs the items in this process, one after the other, with the parts the driver opened. */
public final class LocalItemEngine implements ItemEngine {

    @Override
    public void run(List<WorkItem> items, ItemFunction here, ResultSink sink) throws Exception {
        for (WorkItem item : items) {
            long start = System.nanoTime();
            ItemResult result;
            try {
                result = here.evaluate(item);
            } catch (Exception e) {
                throw new ItemFailedException(item.describe(), e);
            }
            sink.accept(result.timed("driver", (System.nanoTime() - start) / 1e9));
        }
    }

    @Override
    public String describe() {
        return "local";
    }
}
