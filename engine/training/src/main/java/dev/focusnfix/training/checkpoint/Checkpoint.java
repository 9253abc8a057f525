package dev.focusnfix.training.checkpoint;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.Map;

/**
 * A loaded, verified training checkpoint. The tensors belong to the manager it was loaded into; {@link #close()}
 * releases them.
 *
 * @param file the file it was read from
 * @param state the step and optimizer updates
 * @param experimentHash the hash of the experiment that wrote it
 * @param tuner the id of the tuner that wrote it
 * @param adapter the adapter tensors by PEFT key
 * @param firstMoments AdamW's first moments by the same keys
 * @param secondMoments AdamW's second moments by the same keys
 */
public record Checkpoint(
        Path file,
        TrainingState state,
        String experimentHash,
        String tuner,
        Map<String, NDArray> adapter,
        Map<String, NDArray> firstMoments,
        Map<String, NDArray> secondMoments)
        implements AutoCloseable {

    /** Copies the maps. */
    public Checkpoint {
        adapter = Map.copyOf(adapter);
        firstMoments = Map.copyOf(firstMoments);
        secondMoments = Map.copyOf(secondMoments);
    }

    @Override
    public void close() {
        adapter.values().forEach(NDArray::close);
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
    }
}
