package dev.focusnfix.core.run;

import dev.focusnfix.api.DataParallel;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A data-parallel training run as its workers open it, wherever they run (a Spark task): the process starts the
 * framework with the same plugins folders (once per process), reads the run folder's resolved
 * {@code experiment.yaml} (which the driver wrote), validates it, opens its backbone, reward and region function and
 * runs the tuner with this worker's {@link DataParallel} view. The run folder and plugins must be on a path every
 * worker sees (a shared file system).
 *
 * @param runDirectory the run folder, absolute
 * @param pluginsDirectories the plugins folders, absolute, joined by the platform's path separator
 * @param master the Spark master URL, or null for spark-submit's
 * @param workers the number of workers
 * @param resume whether the run continues from the latest valid checkpoint ({@code framework run --resume})
 * @param force whether to resume even from checkpoints of a changed experiment
 * @param experimentHash the driver's hash of the resolved experiment, stored in checkpoints
 */
public record TrainingJob(
        String runDirectory,
        String pluginsDirectories,
        String master,
        int workers,
        boolean resume,
        boolean force,
        String experimentHash)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Trains this worker's share in this process; {@code restarted} makes it resume from the latest valid
     * checkpoint whatever the run asked (a restarted stage continues where its workers left off).
     */
    public TuningResult train(DataParallel worker, boolean restarted) throws Exception {
        FrameworkRuntime runtime = RunFolderEvaluation.runtime(pluginsDirectories);
        Path runDir = Path.of(runDirectory);
        ValidatedExperiment validated =
                worker.exclusively(() -> runtime.validate(RunFolderEvaluation.experiment(runDir)));
        boolean resuming = resume || restarted;
        ExperimentRunner runner =
                runtime.open(validated, new RunOptions(Optional.of(runDir), resuming, resuming && force));
        return runner.trainShare(worker, experimentHash);
    }
}
