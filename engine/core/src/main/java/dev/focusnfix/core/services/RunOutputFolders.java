package dev.focusnfix.core.services;

import dev.focusnfix.api.services.OutputFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One run's folders: the run folder and its named sub-folders. */
public final class RunOutputFolders implements OutputFolders {

    private final Path root;

    /** The folders of the run whose folder is {@code root}. */
    public RunOutputFolders(Path root) {
        this.root = root.toAbsolutePath();
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Path folder(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }
}
