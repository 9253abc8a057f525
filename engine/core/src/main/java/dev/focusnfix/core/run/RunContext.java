package dev.focusnfix.core.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.services.DeviceSettings;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import java.nio.file.Path;
import java.util.List;

/** The context of one experiment run: services for extensions, and the opened parts for the tuner. */
public final class RunContext implements ExtensionContext, TuningContext {

    private final DeviceSettings device;
    private final NDManager manager;
    private final ModelLocator models;
    private final OutputFolders outputs;
    private final ProgressReporter progress;
    private final long seed;
    private DiffusionPipeline backbone;
    private Reward reward;
    private RegionMasker region;
    private List<String> trainPrompts = List.of();
    private SamplingSettings sampling;
    private boolean resume;
    private boolean forceResume;
    private String experimentHash = "";

    /** A context over the framework services. */
    public RunContext(DeviceSettings device, NDManager manager, ModelLocator models, OutputFolders outputs,
            ProgressReporter progress, long seed) {
        this.device = device;
        this.manager = manager;
        this.models = models;
        this.outputs = outputs;
        this.progress = progress;
        this.seed = seed;
    }

    /** Sets what the tuner works with. */
    public void tuning(DiffusionPipeline backbone, Reward reward, RegionMasker region, List<String> trainPrompts,
            SamplingSettings sampling, boolean resume, boolean forceResume, String experimentHash) {
        this.backbone = backbone;
        this.reward = reward;
        this.region = region;
        this.trainPrompts = List.copyOf(trainPrompts);
        this.sampling = sampling;
        this.resume = resume;
        this.forceResume = forceResume;
        this.experimentHash = experimentHash;
    }

    @Override
    public Device device() {
        return device.device();
    }

    @Override
    public DataType dataType() {
        return device.dataType();
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

    @Override
    public DiffusionPipeline backbone() {
        return backbone;
    }

    @Override
    public Reward reward() {
        return reward;
    }

    @Override
    public RegionMasker region() {
        return region;
    }

    @Override
    public List<String> trainPrompts() {
        return trainPrompts;
    }

    @Override
    public SamplingSettings sampling() {
        return sampling;
    }

    @Override
    public Path runDirectory() {
        return outputs.root();
    }

    @Override
    public boolean resume() {
        return resume;
    }

    @Override
    public boolean forceResume() {
        return forceResume;
    }

    @Override
    public String experimentHash() {
        return experimentHash;
    }
}
