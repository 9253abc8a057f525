package dev.focusnfix.core.services;

import dev.focusnfix.api.services.OutputFolders;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The current run's folders. */
public final class RunOutputFolders implements OutputFolders {

    private final RunScope scope;

    /** Folders of the current run. */
    @Inject
    public RunOutputFolders(RunScope scope) {
        this.scope = scope;
    }

    @Override
    public Path root() {
        return scope.runDirectory();
    }

    @Override
    public Path folder(String name) throws IOException {
        return Files.createDirectories(root().resolve(name));
    }
}
