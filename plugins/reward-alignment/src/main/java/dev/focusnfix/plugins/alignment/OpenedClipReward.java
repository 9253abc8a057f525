package dev.focusnfix.plugins.alignment;

import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.Reward;
import dev.focusnfix.sdk.clip.ClipModel;
import java.io.IOException;

/**
 * What the CLIP rewards share once opened: the CLIP model and the manager holding its weights (and any head's),
 * which the reward owns and closes. Every step from the images to the reward is differentiable.
 */
abstract class OpenedClipReward implements Reward {

    /** Builds the reward from the loaded CLIP model; further weights go to {@code weights} too. */
    @FunctionalInterface
    interface Factory {
        OpenedClipReward create(ClipModel clip, NDManager weights) throws IOException;
    }

    final ClipModel clip;
    private final NDManager weights;

    OpenedClipReward(ClipModel clip, NDManager weights) {
        this.clip = clip;
        this.weights = weights;
    }

    /**
     * Loads the CLIP model folder {@code model} into a new manager under the context's and builds the reward; the
     * manager is closed again when anything fails.
     */
    static Reward open(String model, ExtensionContext context, Factory factory) throws IOException {
        return open(
                weights -> ClipModel.load(context.models().resolve(model), weights, context.dataType()),
                context,
                factory);
    }

    /** Loads a CLIP model in a layout of its own. */
    @FunctionalInterface
    interface Loader {
        ClipModel load(NDManager weights) throws IOException;
    }

    /** As {@link #open(String, ExtensionContext, Factory)} with the model made by {@code loader}. */
    static Reward open(Loader loader, ExtensionContext context, Factory factory) throws IOException {
        NDManager weights = context.manager().newSubManager();
        try {
            ClipModel clip = loader.load(weights);
            return factory.create(clip, weights);
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    @Override
    public final boolean isDifferentiable() {
        return true;
    }

    @Override
    public final void close() {
        weights.close();
    }
}
