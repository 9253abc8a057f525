package dev.focusnfix.core.execution;

import dev.focusnfix.core.experiment.ExecutionSection;

/**
 * A {@link java.util.ServiceLoader} service: an execution engine that is not part of the core (Spark's lives in
 * {@code framework-spark}, on the class path only when asked for).
 */
public interface ItemEngineProvider {

    /** The {@code execution.engine} name it serves. */
    String name();

    /** An engine for the section, whose remote processes open {@code source}. */
    ItemEngine create(ExecutionSection execution, EvaluationSource source);
}
