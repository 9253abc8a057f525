package dev.focusnfix.spark;

import dev.focusnfix.core.experiment.ExecutionSection;
import dev.focusnfix.core.run.TrainingEngineProvider;
import dev.focusnfix.core.run.TrainingJob;

/** Serves {@code training.engine: spark} (found by {@link java.util.ServiceLoader}). */
public final class SparkTrainingEngineProvider implements TrainingEngineProvider {

    @Override
    public String name() {
        return ExecutionSection.SPARK;
    }

    @Override
    public void train(TrainingJob job) throws Exception {
        SparkDataParallelTraining.train(job, System.getProperty(SparkDataParallelTraining.FAIL_WORKER));
    }
}
