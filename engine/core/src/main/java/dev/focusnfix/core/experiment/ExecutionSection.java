package dev.focusnfix.core.experiment;

import dev.focusnfix.api.options.DefaultValue;
import java.util.Optional;

/**
 * The {@code execution:} section: where the evaluation's work items (variant, prompt, seed) run. Where they run never
 * changes what they compute (every image's noise comes from its item), so the section is left out of the run
 * folder's resolved {@code experiment.yaml} and of the checkpoint hash.
 *
 * @param engine {@code local} (this process, one item after the other) or {@code spark} (partitioned over a Spark
 *     cluster; needs the distribution's {@code lib/spark/}, which {@code bin/framework} adds for this setting)
 * @param master the Spark master URL ({@code local[N]}, {@code spark://HOST:7077}, {@code yarn}, {@code k8s://...});
 *     with {@code spark-submit} absent means the one it set
 * @param itemsPerWave how many items one Spark job evaluates before the driver writes their results (the resume
 *     granularity); 0 for four per task slot
 */
public record ExecutionSection(
        @DefaultValue("local") String engine, Optional<String> master, @DefaultValue("0") int itemsPerWave) {

    /** The section's key in an experiment. */
    public static final String KEY = "execution";

    /** The engine of the default section. */
    public static final String LOCAL = "local";

    /** The Spark engine's name. */
    public static final String SPARK = "spark";

    /** Checks the engine name. */
    public ExecutionSection {
        if (!engine.equals(LOCAL) && !engine.equals(SPARK)) {
            throw new IllegalArgumentException("execution.engine must be 'local' or 'spark', not '" + engine + "'");
        }
        if (itemsPerWave < 0) {
            throw new IllegalArgumentException(
                    "execution.itemsPerWave must be 0 (automatic) or positive, not " + itemsPerWave);
        }
    }

    /** The local engine. */
    public static ExecutionSection local() {
        return new ExecutionSection(LOCAL, Optional.empty(), 0);
    }
}
