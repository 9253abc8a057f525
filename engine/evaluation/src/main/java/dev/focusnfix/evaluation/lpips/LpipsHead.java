package dev.focusnfix.evaluation.lpips;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;

/**
 * One learned LPIPS weighting (the lpips package's {@code NetLinLayer}): a 1x1 convolution from the stage's channels to
 * one output, without bias, at {@code model.1} (position 0 holds a weight-free dropout).
 */
final class LpipsHead extends Module {

    private final Conv2d conv;

    LpipsHead(int channels) {
        IndexedModules model = register("model", new IndexedModules());
        this.conv = model.add(1, new Conv2d(channels, 1, 1, 1, 0, false));
    }

    Parameter weight() {
        return conv.weight();
    }

    /** Squared feature differences [N, C, h, w] -> their weighted spatial mean [N]. */
    NDArray forward(NDArray squaredDifference) {
        NDArray weighted = conv.forward(squaredDifference);
        // DJL's PyTorch mean takes one axis: flatten [N, 1, h, w] to [N, h*w] first.
        return weighted.reshape(weighted.getShape().get(0), -1).mean(new int[] {1});
    }
}
