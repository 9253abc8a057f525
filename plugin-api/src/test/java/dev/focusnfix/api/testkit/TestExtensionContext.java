package dev.focusnfix.api.testkit;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An {@link ExtensionContext} for tests: CPU, float32, paths resolved against a base folder, outputs in a folder the
 * test owns, no progress output. Close it to release its manager.
 */
public final class TestExtensionContext implements ExtensionContext, AutoCloseable {

    private final NDManager manager = NDManager.newBaseManager(Device.cpu());
    private final Path baseDir;
    private final Path outputDir;
    private final long seed;

    /** A context resolving model references against {@code baseDir} and writing to {@code outputDir}. */
    public TestExtensionContext(Path baseDir, Path outputDir, long seed) {
        this.baseDir = baseDir;
        this.outputDir = outputDir;
        this.seed = seed;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public DataType dataType() {
        return DataType.FLOAT32;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public ModelLocator models() {
        return reference -> {
            Path path = baseDir.resolve(reference);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("no model at " + path);
            }
            return path;
        };
    }

    @Override
    public OutputFolders outputs() {
        return new OutputFolders() {
            @Override
            public Path root() {
                return outputDir;
            }

            @Override
            public Path folder(String name) throws IOException {
                return Files.createDirectories(outputDir.resolve(name));
            }
        };
    }

    @Override
    public ProgressReporter progress() {
        return ProgressReporter.silent();
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public void close() {
        manager.close();
    }
}
