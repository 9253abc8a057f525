package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.focusnfix.api.tensor.Scalars;
import java.util.List;

/**
 * Keras {@code Conv2D} and {@code DepthwiseConv2D} on NCHW tensors. TensorFlow stores a convolution kernel as
 * {@code [kh, kw, in, out]} (HWIO), read here as DJL's {@code [out, in, kh, kw]}; a depthwise kernel
 * {@code [kh, kw, C, M]} becomes a grouped convolution with {@code C} groups and {@code [C*M, 1, kh, kw]} weights
 * (output channel {@code c*M + m}, TensorFlow's order). {@code padding: same} pads as TensorFlow does, the odd pixel
 * at the bottom and right, so a stride-2 layer on an even size pads asymmetrically.
 */
final class ConvolutionLayer implements TfjsLayer {

    private final KerasConfig config;
    private final NDArray weight;
    private final NDArray bias;
    private final int[] kernel;
    private final int[] stride;
    private final int[] dilation;
    private final int groups;
    private final String padding;
    private final String activation;

    private ConvolutionLayer(KerasConfig config, NDArray weight, NDArray bias, int[] kernel, int groups) {
        this.config = config;
        this.weight = weight;
        this.bias = bias;
        this.kernel = kernel;
        this.groups = groups;
        this.stride = config.pair("strides", new int[] {1, 1});
        this.dilation = config.pair("dilation_rate", new int[] {1, 1});
        this.padding = config.string("padding", "valid");
        KerasConfig.padding(padding, 1, 1, 1, 1); // rejects unknown modes at load time
        this.activation = config.string("activation", "linear");
        KerasActivation.check(config, activation);
        if ((stride[0] > 1 || stride[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
            throw config.error("combines strides > 1 with dilation_rate > 1, which Keras does not allow");
        }
    }

    /** A {@code Conv2D} layer: {@code name/kernel} [kh, kw, in, filters] and {@code name/bias} [filters]. */
    static ConvolutionLayer conv2d(KerasConfig config, TfjsWeights weights, NDManager manager) {
        config.requireChannelsLast();
        int[] kernel = config.pair("kernel_size", null);
        int filters = config.integer("filters");
        TfjsWeights.Weight k = weights.get(config.layer() + "/kernel");
        long[] s = k.shape();
        if (s.length != 4 || s[0] != kernel[0] || s[1] != kernel[1] || s[3] != filters) {
            throw config.error("kernel has shape " + java.util.Arrays.toString(s) + ", expected [" + kernel[0] + ", "
                    + kernel[1] + ", in, " + filters + "]");
        }
        NDArray hwio = Scalars.constant(manager, k.values(), new Shape(s), DataType.FLOAT32);
        NDArray oihw = hwio.transpose(3, 2, 0, 1).duplicate();
        hwio.close();
        return new ConvolutionLayer(config, oihw, bias(config, weights, manager, filters), kernel, 1);
    }

    /**
     * A {@code DepthwiseConv2D} layer: {@code name/depthwise_kernel} [kh, kw, C, depth_multiplier] and
     * {@code name/bias} [C * depth_multiplier].
     */
    static ConvolutionLayer depthwise(KerasConfig config, TfjsWeights weights, NDManager manager) {
        config.requireChannelsLast();
        int[] kernel = config.pair("kernel_size", null);
        int multiplier = (int) config.number("depth_multiplier", 1);
        TfjsWeights.Weight k = weights.get(config.layer() + "/depthwise_kernel");
        long[] s = k.shape();
        if (s.length != 4 || s[0] != kernel[0] || s[1] != kernel[1] || s[3] != multiplier) {
            throw config.error("depthwise_kernel has shape " + java.util.Arrays.toString(s) + ", expected [" + kernel[0]
                    + ", " + kernel[1] + ", channels, " + multiplier + "]");
        }
        long channels = s[2];
        NDArray hwcm = Scalars.constant(manager, k.values(), new Shape(s), DataType.FLOAT32);
        NDArray grouped = hwcm.reshape(s[0], s[1], channels * multiplier)
                .transpose(2, 0, 1)
                .reshape(channels * multiplier, 1, s[0], s[1])
                .duplicate();
        hwcm.close();
        return new ConvolutionLayer(
                config,
                grouped,
                bias(config, weights, manager, channels * multiplier),
                kernel,
                Math.toIntExact(channels));
    }

    private static NDArray bias(KerasConfig config, TfjsWeights weights, NDManager manager, long channels) {
        if (!config.bool("use_bias", true)) {
            return null;
        }
        TfjsWeights.Weight b = weights.get(config.layer() + "/bias", channels);
        return Scalars.constant(manager, b.values(), new Shape(channels), DataType.FLOAT32);
    }

    @Override
    public String activation() {
        return activation;
    }

    @Override
    public NDArray apply(List<NDArray> inputs) {
        return KerasActivation.apply(activation, applyBeforeActivation(inputs));
    }

    @Override
    public NDArray applyBeforeActivation(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        if (x.getShape().dimension() != 4) {
            throw config.error("expects a 4-d image tensor, got shape " + x.getShape());
        }
        int[] padH = KerasConfig.padding(padding, (int) x.getShape().get(2), kernel[0], stride[0], dilation[0]);
        int[] padW = KerasConfig.padding(padding, (int) x.getShape().get(3), kernel[1], stride[1], dilation[1]);
        NDArray input = x;
        Shape symmetric;
        if (padH[0] == padH[1] && padW[0] == padW[1]) {
            symmetric = new Shape(padH[0], padW[0]);
        } else {
            // torch pads both sides alike; TensorFlow's extra bottom/right pixel is padded explicitly.
            input = x.pad(new Shape(padW[0], padW[1], padH[0], padH[1]), 0);
            symmetric = new Shape(0, 0);
        }
        NDArray y = Conv2d.conv2d(
                        input,
                        weight,
                        bias,
                        new Shape(stride[0], stride[1]),
                        symmetric,
                        new Shape(dilation[0], dilation[1]),
                        groups)
                .singletonOrThrow();
        if (input != x) {
            input.close();
        }
        return y;
    }
}
