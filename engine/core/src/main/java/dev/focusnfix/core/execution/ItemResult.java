package dev.focusnfix.core.execution;

import dev.focusnfix.core.evaluation.ImageEvaluation;
import java.io.Serializable;
import java.util.Map;

/**
 * What evaluating one {@link WorkItem} gave, sent back to the driver, which writes it: the image measurements (or
 * the probe's verdicts), and the sample PNGs as bytes (paths relative to the run folder).
 *
 * @param item the item
 * @param image the measurements of an evaluation image; null for a probe image
 * @param belowBefore for a probe image: the base image scores below the probe's threshold
 * @param belowAfter for a probe image: the tuned image does
 * @param files the sample files, by path relative to the run folder
 * @param executor the process that evaluated it ({@code driver} for the local engine, else the executor id)
 * @param seconds the wall time it took
 */
public record ItemResult(
        WorkItem item,
        ImageEvaluation image,
        boolean belowBefore,
        boolean belowAfter,
        Map<String, byte[]> files,
        String executor,
        double seconds)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The same result, as evaluated by {@code executor} in {@code seconds}. */
    public ItemResult timed(String executor, double seconds) {
        return new ItemResult(item, image, belowBefore, belowAfter, files, executor, seconds);
    }

    /** The same result without its files (they are on disk already). */
    public ItemResult withoutFiles() {
        return new ItemResult(item, image, belowBefore, belowAfter, Map.of(), executor, seconds);
    }
}
