package dev.focusnfix.api;

import java.io.IOException;
import org.pf4j.ExtensionPoint;

/**
 * Extension point for rewards ({@code safety}, {@code violence}, {@code artifact}, {@code alignment}, ...).
 *
 * <p>Differentiability is declared before loading so that an experiment pairing a non-differentiable reward with a
 * gradient-based tuner or region function is refused at validation time.
 *
 * @param <O> the reward's options type
 */
@Stable(since = "0.1.0")
public interface RewardModel<O> extends ExtensionPoint, NamedExtension<O> {

    /** Whether rewards opened with these options are differentiable with respect to the image. */
    boolean isDifferentiable(O options);

    /** Whether rewards opened with these options return a heatmap. */
    default boolean providesHeatmap(O options) {
        return false;
    }

    /**
     * The region function experiments use with this reward when they name none: {@code saliency} for classifiers,
     * {@code heatmap} for dense models. The default, {@code full}, makes Focus-N-Fix equal DRaFT.
     */
    default String defaultRegionFunction(O options) {
        return "full";
    }

    /** Loads the reward; heavy work belongs here, not in the constructor. */
    Reward open(O options, ExtensionContext context) throws IOException;
}
