package dev.focusnfix.api;

import java.io.IOException;
import org.pf4j.ExtensionPoint;

/**
 * Extension point for region functions ({@code saliency}, {@code heatmap}, {@code occlusion}, {@code full},
 * {@code file}): what Focus-N-Fix uses to decide which pixels fine-tuning may change.
 *
 * @param <O> the region function's options type
 */
@Stable(since = "0.1.0")
public interface RegionFunction<O> extends ExtensionPoint, NamedExtension<O> {

    /** Whether this function differentiates the reward (gradient saliency); checked at validation time. */
    default boolean needsRewardGradient(O options) {
        return false;
    }

    /** Whether this function reads the reward's heatmap; checked at validation time. */
    default boolean needsRewardHeatmap(O options) {
        return false;
    }

    /** Prepares the function. */
    RegionMasker open(O options, ExtensionContext context) throws IOException;
}
