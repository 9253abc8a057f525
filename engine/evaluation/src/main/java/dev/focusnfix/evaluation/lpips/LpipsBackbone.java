package dev.focusnfix.evaluation.lpips;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.module.Module;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature network of LPIPS (the lpips package's {@code net}): a conv / ReLU / max-pool stack cut into slices, whose
 * outputs are the features LPIPS compares. Weights are named {@code slice<s>.<index>.weight} / {@code .bias}, with
 * {@code s} counted from 1 and {@code index} the layer's position in the torchvision {@code features} sequence.
 */
final class LpipsBackbone extends Module {

    private final LpipsConfig config;
    private final Map<Integer, Conv2d> convs = new HashMap<>();

    LpipsBackbone(LpipsConfig config) {
        this.config = config;
        for (int s = 0; s < config.slices().size(); s++) {
            IndexedModules slice = register("slice" + (s + 1), new IndexedModules());
            for (LpipsLayer layer : config.slices().get(s)) {
                if (layer.type() == LpipsLayer.Type.CONV) {
                    convs.put(
                            layer.index(),
                            slice.add(
                                    layer.index(),
                                    new Conv2d(
                                            layer.inChannels(),
                                            layer.outChannels(),
                                            layer.kernelSize(),
                                            layer.stride(),
                                            layer.padding(),
                                            true)));
                }
            }
        }
    }

    /** x [N, 3, H, W] (already scaled) -> the output of every slice, in order. */
    List<NDArray> features(NDArray x) {
        List<NDArray> outputs = new ArrayList<>();
        NDArray h = x;
        for (List<LpipsLayer> slice : config.slices()) {
            for (LpipsLayer layer : slice) {
                h = apply(layer, h);
            }
            outputs.add(h);
        }
        return outputs;
    }

    private NDArray apply(LpipsLayer layer, NDArray h) {
        switch (layer.type()) {
            case CONV:
                return convs.get(layer.index()).forward(h);
            case RELU:
                return Activation.relu(h);
            case MAXPOOL: {
                Shape window = new Shape(layer.kernelSize(), layer.kernelSize());
                Shape stride = new Shape(layer.stride(), layer.stride());
                Shape padding = new Shape(layer.padding(), layer.padding());
                return Pool.maxPool2d(h, window, stride, padding, layer.ceilMode());
            }
            default:
                throw new IllegalStateException("unknown layer type " + layer.type());
        }
    }
}
