package dev.focusnfix.api;

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

    /** Runs the tuning. */
    TuningResult tune(O options, TuningContext context) throws Exception;
}
