package dev.focusnfix.spark;

import dev.focusnfix.core.execution.EvaluationSource;
import dev.focusnfix.core.execution.ItemEngine;
import dev.focusnfix.core.execution.ItemEngineProvider;
import dev.focusnfix.core.experiment.ExecutionSection;

/** Serves {@code execution.engine: spark} (found by {@link java.util.ServiceLoader}). */
public final class SparkItemEngineProvider implements ItemEngineProvider {

    @Override
    public String name() {
        return ExecutionSection.SPARK;
    }

    @Override
    public ItemEngine create(ExecutionSection execution, EvaluationSource source) {
        return new SparkItemEngine(execution.master().orElse(null), source, execution.itemsPerWave());
    }
}
