package dev.focusnfix.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --spark-master URL}, shared by {@code eval}, {@code sweep} and {@code study}: runs the evaluation's work
 * items on Spark, as {@code execution: {engine: spark, master: URL}} in the experiment would.
 */
final class ExecutionOptions {

    @Option(
            names = "--spark-master",
            paramLabel = "URL",
            description = "Evaluate on Apache Spark: local[N], spark://HOST:7077, yarn, k8s://... (needs the "
                    + "distribution's lib/spark/, which bin/framework adds for this option).")
    String sparkMaster;

    /** The overrides that select the engine; none without the option. */
    List<String> overrides() {
        if (sparkMaster == null) {
            return List.of();
        }
        return List.of("execution.engine=spark", "execution.master='" + sparkMaster.replace("'", "''") + "'");
    }
}
