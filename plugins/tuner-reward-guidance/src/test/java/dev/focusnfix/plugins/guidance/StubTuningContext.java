package dev.focusnfix.plugins.guidance;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.testkit.TestExtensionContext;
import java.nio.file.Path;
import java.util.List;

/** A tuning context over a {@link TestExtensionContext}: the parts a test hands in, the run folder it owns. */
record StubTuningContext(TestExtensionContext services, DiffusionPipeline backbone, Reward reward,
        RegionMasker region, SamplingSettings sampling, Path runDirectory) implements TuningContext {

    @Override
    public Device device() {
        return services.device();
    }

    @Override
    public DataType dataType() {
        return services.dataType();
    }

    @Override
    public NDManager manager() {
        return services.manager();
    }

    @Override
    public ModelLocator models() {
        return services.models();
    }

    @Override
    public OutputFolders outputs() {
        return services.outputs();
    }

    @Override
    public ProgressReporter progress() {
        return services.progress();
    }

    @Override
    public long seed() {
        return services.seed();
    }

    @Override
    public List<String> trainPrompts() {
        return ToyShapes.NEUTRAL_PROMPTS;
    }

    @Override
    public boolean resume() {
        return false;
    }

    @Override
    public String experimentHash() {
        return "test";
    }
}
