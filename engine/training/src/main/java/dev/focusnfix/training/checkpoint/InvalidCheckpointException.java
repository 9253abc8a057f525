package dev.focusnfix.training.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be used: truncated, corrupt, or not a training checkpoint. */
public final class InvalidCheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    /** {@code file} is unusable for {@code reason}. */
    public InvalidCheckpointException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
