package dev.focusnfix.api;

import java.util.Map;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Extension point for tuners ({@code draft}, {@code focus-n-fix}, {@code reward-guidance}): receives the backbone,
 * reward and region function and produces adapter weights or a guided sampling procedure.
 *
 * @param <O> the tuner's options type
 */
@Stable(since = "0.1.0")
public interface FineTuner<O> extends ExtensionPoint, NamedExtension<O> {

    /** Whether the tuner back-propagates through the reward; a non-differentiable reward is then refused. */
    default boolean needsRewardGradient(O options) {
        return true;
    }

    /** The parameter name under which a tuner reports its constraint weight (the comparison tables' beta column). */
    String BETA = "beta";

    /** The parameter name under which a tuner reports its back-propagation truncation K. */
    String TRUNCATION = "K";

    /**
     * The parameters that tell runs of this tuner apart in comparison tables and charts, by name in display order
     * ({@value #BETA} for a constraint weight, {@value #TRUNCATION} for the truncation, ...). The framework reads
     * them from here and never from the options type; the default reports none.
     */
    default Map<String, Double> tableParameters(O options) {
        return Map.of();
    }

    /**
     * Why this tuner cannot train data-parallel on {@code workers} workers with these options
     * ({@code training: {engine: spark, workers: N}}), or empty when it can: then every worker runs {@link #tune}
     * with a context whose {@link TuningContext#dataParallel()} tells it its share and exchanges its gradients, and
     * worker 0 writes the run folder. The default refuses (a tuner must do the sharding and the exchange itself;
     * the SDK's training loop does both).
     */
    default Optional<String> dataParallelProblem(O options, int workers) {
        return Optional.of("it does not support data-parallel training");
    }

    /** Runs the tuning. */
    TuningResult tune(O options, TuningContext context) throws Exception;
}
