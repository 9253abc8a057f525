package dev.focusnfix.core.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.DataParallel;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import java.nio.file.Path;
import java.util.List;

/** The immutable context a tuner receives: the run's {@link RunContext} and the opened parts of the experiment. */
public final class RunTuningContext implements TuningContext {

    /**
     * What the tuner works with.
     *
     * @param backbone the opened backbone
     * @param reward the opened reward
     * @param region the opened region function, or null
     * @param trainPrompts the training prompts
     * @param sampling the sampling settings during training
     * @param resume whether to continue from the latest valid checkpoint
     * @param forceResume whether to resume even from checkpoints of a changed experiment
     * @param experimentHash the hash of the resolved experiment, stored in checkpoints
     */
    public record Parts(
            DiffusionPipeline backbone,
            Reward reward,
            RegionMasker region,
            List<String> trainPrompts,
            SamplingSettings sampling,
            boolean resume,
            boolean forceResume,
            String experimentHash) {

        /** Copies the prompts. */
        public Parts {
            trainPrompts = List.copyOf(trainPrompts);
        }
    }

    private final RunContext run;
    private final Parts parts;
    private final DataParallel parallel;

    RunTuningContext(RunContext run, Parts parts) {
        this(run, parts, DataParallel.SINGLE_PROCESS);
    }

    private RunTuningContext(RunContext run, Parts parts, DataParallel parallel) {
        this.run = run;
        this.parts = parts;
        this.parallel = parallel;
    }

    /** The same context for one worker of a data-parallel training run. */
    public RunTuningContext withDataParallel(DataParallel worker) {
        return new RunTuningContext(run, parts, worker);
    }

    @Override
    public DataParallel dataParallel() {
        return parallel;
    }

    @Override
    public Device device() {
        return run.device();
    }

    @Override
    public DataType dataType() {
        return run.dataType();
    }

    @Override
    public NDManager manager() {
        return run.manager();
    }

    @Override
    public ModelLocator models() {
        return run.models();
    }

    @Override
    public OutputFolders outputs() {
        return run.outputs();
    }

    @Override
    public ProgressReporter progress() {
        return run.progress();
    }

    @Override
    public long seed() {
        return run.seed();
    }

    @Override
    public DiffusionPipeline backbone() {
        return parts.backbone();
    }

    @Override
    public Reward reward() {
        return parts.reward();
    }

    @Override
    public RegionMasker region() {
        return parts.region();
    }

    @Override
    public List<String> trainPrompts() {
        return parts.trainPrompts();
    }

    @Override
    public SamplingSettings sampling() {
        return parts.sampling();
    }

    @Override
    public Path runDirectory() {
        return run.outputs().root();
    }

    @Override
    public boolean resume() {
        return parts.resume();
    }

    @Override
    public boolean forceResume() {
        return parts.forceResume();
    }

    @Override
    public String experimentHash() {
        return parts.experimentHash();
    }
}
