package dev.focusnfix.api;

import java.nio.file.Path;
import java.util.List;

/** Everything a tuner works with: the opened backbone, reward and region function, the prompts and the run folder. */
@Experimental
public interface TuningContext extends ExtensionContext {

    /** The backbone to tune or guide. */
    DiffusionPipeline backbone();

    /** The reward to maximise. */
    Reward reward();

    /** The region function of the experiment. */
    RegionMasker region();

    /** Training prompts. */
    List<String> trainPrompts();

    /** Sampling settings during training. */
    SamplingSettings sampling();

    /** The run folder ({@code runs/<name>/}). */
    Path runDirectory();

    /** Whether to continue from the latest valid checkpoint. */
    boolean resume();

    /** A hash of the resolved experiment, stored in checkpoints to refuse resuming a changed experiment. */
    String experimentHash();

    /** Whether to resume even from checkpoints of a changed experiment ({@code framework run --resume --force}). */
    default boolean forceResume() {
        return false;
    }

    /**
     * This worker's place in a data-parallel training run; {@link DataParallel#SINGLE_PROCESS} unless the
     * experiment trains on several workers ({@code training.workers}) and the tuner supports it.
     */
    default DataParallel dataParallel() {
        return DataParallel.SINGLE_PROCESS;
    }
}
