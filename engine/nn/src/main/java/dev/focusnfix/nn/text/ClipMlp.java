package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Activations;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import java.util.function.UnaryOperator;

/** CLIP's feed-forward block: {@code fc2(act(fc1(x)))}. */
public final class ClipMlp extends Module {

    private final Linear fc1;
    private final Linear fc2;
    private final UnaryOperator<NDArray> activation;

    public ClipMlp(int hiddenSize, int intermediateSize, String activationName) {
        this.activation = Activations.byName(activationName);
        this.fc1 = register("fc1", new Linear(hiddenSize, intermediateSize, true));
        this.fc2 = register("fc2", new Linear(intermediateSize, hiddenSize, true));
    }

    public NDArray forward(NDArray x) {
        NDArray hidden = fc1.forward(x);
        NDArray activated = activation.apply(hidden);
        hidden.close();
        NDArray out = fc2.forward(activated);
        activated.close();
        return out;
    }
}
