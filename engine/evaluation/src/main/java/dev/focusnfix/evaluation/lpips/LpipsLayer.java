package dev.focusnfix.evaluation.lpips;

/**
 * One layer of an LPIPS feature backbone, as listed in {@code config.json}: its position {@code index} in the
 * torchvision-style {@code features} sequence (which names its weights, {@code net.slice<s>.<index>.weight}) and its
 * settings. Fields that do not apply to a type are 0 / false.
 *
 * @param index position in the backbone's layer sequence
 * @param type conv, relu or maxpool
 * @param inChannels conv input channels
 * @param outChannels conv output channels
 * @param kernelSize conv or pool window side
 * @param stride conv or pool stride
 * @param padding conv or pool zero padding on each side
 * @param ceilMode pools: round the output size up instead of down
 */
public record LpipsLayer(
        int index,
        Type type,
        int inChannels,
        int outChannels,
        int kernelSize,
        int stride,
        int padding,
        boolean ceilMode) {

    /** The layer kinds an LPIPS backbone is made of. */
    public enum Type {
        /** 2-D convolution with bias (square kernel). */
        CONV,
        /** Rectified linear unit. */
        RELU,
        /** 2-D max pooling (square window). */
        MAXPOOL
    }

    /** A convolution layer. */
    public static LpipsLayer conv(int index, int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        return new LpipsLayer(index, Type.CONV, inChannels, outChannels, kernelSize, stride, padding, false);
    }

    /** A ReLU. */
    public static LpipsLayer relu(int index) {
        return new LpipsLayer(index, Type.RELU, 0, 0, 0, 0, 0, false);
    }

    /** A max-pooling layer. */
    public static LpipsLayer maxPool(int index, int kernelSize, int stride, int padding, boolean ceilMode) {
        return new LpipsLayer(index, Type.MAXPOOL, 0, 0, kernelSize, stride, padding, ceilMode);
    }
}
