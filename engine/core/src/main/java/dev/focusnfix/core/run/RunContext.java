package dev.focusnfix.core.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.experiment.ComputeTarget;

/**
 * The immutable context of one run, handed to every extension it opens: the run's device and data type (resolved
 * once, when the experiment was validated), its manager, the model locator of its experiment folder, its output
 * folders, progress reporting and seed. {@link #forTuning} adds the opened parts a tuner works with.
 */
public final class RunContext implements ExtensionContext {

    private final ComputeTarget compute;
    private final NDManager manager;
    private final ModelLocator models;
    private final OutputFolders outputs;
    private final ProgressReporter progress;
    private final long seed;

    /** A context over one run's services. */
    public RunContext(
            ComputeTarget compute,
            NDManager manager,
            ModelLocator models,
            OutputFolders outputs,
            ProgressReporter progress,
            long seed) {
        this.compute = compute;
        this.manager = manager;
        this.models = models;
        this.outputs = outputs;
        this.progress = progress;
        this.seed = seed;
    }

    /** The tuner's context: this run's services plus what the tuner works with. */
    public RunTuningContext forTuning(RunTuningContext.Parts parts) {
        return new RunTuningContext(this, parts);
    }

    /** The run's device and data type. */
    public ComputeTarget compute() {
        return compute;
    }

    @Override
    public Device device() {
        return compute.device();
    }

    @Override
    public DataType dataType() {
        return compute.dataType();
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public ModelLocator models() {
        return models;
    }

    @Override
    public OutputFolders outputs() {
        return outputs;
    }

    @Override
    public ProgressReporter progress() {
        return progress;
    }

    @Override
    public long seed() {
        return seed;
    }
}
