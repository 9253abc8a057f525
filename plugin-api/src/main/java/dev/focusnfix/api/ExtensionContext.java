package dev.focusnfix.api;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;

/**
 * The framework services an opened extension may use. Plugins written against {@code plugin-api} alone receive them
 * here; plugins that depend on Guice may also {@code @Inject} the same services into their constructors.
 */
@Stable(since = "0.1.0")
public interface ExtensionContext {

    /** The device every tensor of this experiment lives on. */
    Device device();

    /** The compute data type (float32 everywhere; float16 or bfloat16 on a GPU when configured). */
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
