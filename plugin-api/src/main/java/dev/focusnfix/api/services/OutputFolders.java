package dev.focusnfix.api.services;

import dev.focusnfix.api.Stable;
import java.io.IOException;
import java.nio.file.Path;

/** The experiment's output folder and its named sub-folders, created on demand. */
@Stable(since = "0.1.0")
public interface OutputFolders {

    /** The run folder. */
    Path root();

    /** A sub-folder of the run folder ({@code samples}, {@code checkpoints}, ...), created if missing. */
    Path folder(String name) throws IOException;
}
