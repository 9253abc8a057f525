package dev.focusnfix.core.execution;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.experiment.ExecutionSection;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** Chooses the engine an {@code execution:} section asks for. */
public final class ItemEngines {

    private ItemEngines() {}

    /**
     * The local engine, or the provider of {@code execution.engine} found on the class path.
     *
     * @param source made only for a remote engine
     * @throws ConfigException when the engine's jars are not on the class path, saying how to add them
     */
    public static ItemEngine create(ExecutionSection execution, Supplier<EvaluationSource> source) {
        if (execution.engine().equals(ExecutionSection.LOCAL)) {
            return new LocalItemEngine();
        }
        for (ItemEngineProvider provider :
                ServiceLoader.load(ItemEngineProvider.class, ItemEngines.class.getClassLoader())) {
            if (provider.name().equals(execution.engine())) {
                return provider.create(execution, source.get());
            }
        }
        throw new ConfigException(
                null,
                null,
                "execution.engine: " + execution.engine() + " is not on the class "
                        + "path: run bin/framework with --spark-master URL (it adds lib/spark/ of the distribution), or put "
                        + "framework-spark and Spark's jars on the class path (spark-submit --jars)");
    }
}
