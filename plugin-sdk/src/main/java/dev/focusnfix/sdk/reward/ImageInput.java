package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.nn.image.Normalize;
import dev.focusnfix.nn.image.Resize;
import java.util.Arrays;
import java.util.List;

/**
 * How images in [0,1] are fitted to a model's input: an optional fixed size reached by a differentiable resize
 * ({@link Resize}, matrix products), then an optional per-channel normalisation {@code (x - mean) / std}. Both keep
 * the autograd graph. Immutable.
 */
@Experimental
public final class ImageInput {

    private static final ImageInput ANY_SIZE = new ImageInput(0, 0, Interpolation.BILINEAR, null, null);

    private final int height;
    private final int width;
    private final Interpolation interpolation;
    private final float[] mean;
    private final float[] std;

    private ImageInput(int height, int width, Interpolation interpolation, float[] mean, float[] std) {
        this.height = height;
        this.width = width;
        this.interpolation = interpolation;
        this.mean = mean;
        this.std = std;
    }

    /** Images go to the model as they are: any size, no normalisation. */
    public static ImageInput anySize() {
        return ANY_SIZE;
    }

    /**
     * From option values, validated with messages that name the option.
     *
     * @param size {@code [height, width]} the model expects, or empty for any size
     * @param resize the interpolation used to reach {@code size}
     * @param mean per-channel mean ({@code 1} or {@code 3} values), or empty for no normalisation
     * @param std per-channel standard deviation, as many values as {@code mean}
     */
    public static ImageInput of(List<Integer> size, Interpolation resize, List<Float> mean, List<Float> std) {
        ImageInput input = anySize();
        if (size != null && !size.isEmpty()) {
            if (size.size() != 2 || size.get(0) == null || size.get(1) == null || size.get(0) < 1 || size.get(1) < 1) {
                throw new IllegalArgumentException(
                        "inputSize must be [height, width] with positive values, or empty for any size; got " + size);
            }
            input = input.resizedTo(size.get(0), size.get(1), resize == null ? Interpolation.BILINEAR : resize);
        }
        boolean hasMean = mean != null && !mean.isEmpty();
        boolean hasStd = std != null && !std.isEmpty();
        if (hasMean || hasStd) {
            float[] m = hasMean ? toArray(mean, "mean") : new float[] {0f};
            float[] s = hasStd ? toArray(std, "std") : new float[] {1f};
            input = input.normalized(m, s);
        }
        return input;
    }

    /** The same, resizing every image to {@code height x width} first. */
    public ImageInput resizedTo(int height, int width, Interpolation interpolation) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
        }
        return new ImageInput(height, width, interpolation, mean, std);
    }

    /**
     * The same, normalising each channel by {@code (x - mean) / std} after resizing; one value applies to every
     * channel.
     */
    public ImageInput normalized(float[] mean, float[] std) {
        if (mean.length != 1 && mean.length != 3 || std.length != 1 && std.length != 3) {
            throw new IllegalArgumentException(
                    "mean and std need 1 or 3 values (one per RGB channel), got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, got " + Arrays.toString(std));
            }
        }
        return new ImageInput(height, width, interpolation, perChannel(mean), perChannel(std));
    }

    /** Whether images are resized to a fixed size. */
    public boolean hasFixedSize() {
        return height > 0;
    }

    /** The fixed input height, or 0 for any size. */
    public int height() {
        return height;
    }

    /** The fixed input width, or 0 for any size. */
    public int width() {
        return width;
    }

    /** The interpolation used to reach the fixed size. */
    public Interpolation interpolation() {
        return interpolation;
    }

    /**
     * Fits {@code [N,3,H,W]} images to the model. Returns {@code images} itself when there is nothing to do, else a
     * new array in the images' manager that the caller may close.
     */
    public NDArray apply(NDArray images) {
        NDArray x = images;
        if (hasFixedSize()
                && (images.getShape().get(2) != height || images.getShape().get(3) != width)) {
            x = Resize.resize(images, height, width, interpolation);
        }
        if (mean != null) {
            NDArray normalised = Normalize.channels(x, mean, std);
            if (x != images) {
                x.close();
            }
            x = normalised;
        }
        return x;
    }

    @Override
    public String toString() {
        String size = hasFixedSize()
                ? height + "x" + width + " (" + interpolation.name().toLowerCase(java.util.Locale.ROOT) + ")"
                : "any size";
        return mean == null ? size : size + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }

    private static float[] perChannel(float[] values) {
        return values.length == 3 ? values.clone() : new float[] {values[0], values[0], values[0]};
    }

    private static float[] toArray(List<Float> values, String name) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(name + " must not contain null, got " + values);
            }
            out[i] = values.get(i);
        }
        return out;
    }
}
