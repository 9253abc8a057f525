package dev.focusnfix.api;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;

/**
 * The services of one run that an opened extension may use, immutable for the run: its device and data type
 * (resolved once, when the experiment is validated), a manager, the model locator of its experiment, its output
 * folders, progress reporting and its seed. Extensions are created once per process, so per-run values come only
 * through this context; plugins that use Guice may {@code @Inject} the process-wide
 * {@link dev.focusnfix.api.services.ProgressReporter} alone.
 */
@Stable(since = "0.1.0")
public interface ExtensionContext {

    /** The device every tensor of this run lives on, resolved once when the experiment was validated. */
    Device device();

    /** The compute data type of this run (float32, or float16 on a GPU when configured), fixed for the run. */
    DataType dataType();

    /**
     * A manager owned by the framework for the life of the opened extension: put long-lived tensors (weights) here;
     * it is closed after the extension is closed.
     */
    NDManager manager();

    /** Resolves model paths named in the experiment ({@code builtin:toy-shapes}, relative or absolute paths). */
    ModelLocator models();

    /** Where this experiment writes its outputs. */
    OutputFolders outputs();

    /** Progress and metric reporting for long work. */
    ProgressReporter progress();

    /** The experiment seed; every random draw should derive from it. */
    long seed();
}
