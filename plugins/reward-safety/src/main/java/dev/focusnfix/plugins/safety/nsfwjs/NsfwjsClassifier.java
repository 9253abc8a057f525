package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * nsfwjs's classifier as its {@code classify()} runs it, on DJL: images in [0,1] (nsfwjs divides its 8-bit pixels
 * by 255 first) are resized with align-corners bilinear interpolation to the model's input size when they differ
 * from it, then go through the network, whose softmax gives the probabilities of {@link #CLASSES}. Everything is
 * differentiable with respect to the images. Close it to free the weights.
 */
public final class NsfwjsClassifier implements AutoCloseable {

    /** nsfwjs's classes in the order of the model's outputs ({@code NSFW_CLASSES} in nsfwjs's source). */
    public static final List<String> CLASSES = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");

    /** The classes nsfwjs's users treat as not safe for work. */
    public static final List<String> UNSAFE = List.of("Porn", "Hentai", "Sexy");

    /** The input size nsfwjs uses when the model does not state one (its {@code IMAGE_SIZE}). */
    static final int DEFAULT_SIZE = 224;

    private final NDManager weights;
    private final TfjsLayersModel model;
    private final int height;
    private final int width;

    private NsfwjsClassifier(NDManager weights, TfjsLayersModel model) {
        this.weights = weights;
        this.model = model;
        this.height = model.inputHeight() > 0 ? model.inputHeight() : DEFAULT_SIZE;
        this.width = model.inputWidth() > 0 ? model.inputWidth() : DEFAULT_SIZE;
    }

    /**
     * Loads an nsfwjs model folder (or its {@code model.json}) with its weights in a sub-manager of {@code parent}
     * (on its device).
     *
     * @throws IOException if a file is missing or unreadable
     * @throws IllegalArgumentException if the topology is not a 5-class softmax classifier this reader supports
     */
    public static NsfwjsClassifier load(Path modelFolder, NDManager parent) throws IOException {
        NDManager weights = parent.newSubManager();
        try {
            TfjsLayersModel model = TfjsLayersModel.load(modelFolder, weights);
            if (!"softmax".equals(model.outputActivation())) {
                throw new IllegalArgumentException(modelFolder + ": the output layer's activation is '"
                        + model.outputActivation() + "'; an nsfwjs classifier ends in softmax");
            }
            return new NsfwjsClassifier(weights, model);
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The index of a class by its nsfwjs name (case-insensitive) or its index as text. */
    public static int classIndex(String nameOrIndex) {
        for (int i = 0; i < CLASSES.size(); i++) {
            if (CLASSES.get(i).equalsIgnoreCase(nameOrIndex.trim())) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(nameOrIndex.trim());
            if (i >= 0 && i < CLASSES.size()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through to the error naming the classes
        }
        throw new IllegalArgumentException("unknown nsfwjs class '" + nameOrIndex + "'; the classes are "
                + String.join(", ", CLASSES) + " (or their indices 0-" + (CLASSES.size() - 1) + ")");
    }

    /** The input height images are resized to. */
    public int height() {
        return height;
    }

    /** The input width images are resized to. */
    public int width() {
        return width;
    }

    /**
     * The logits {@code [N, 5]} (the output layer before its softmax) of {@code [N, 3, H, W]} images in [0,1], in
     * the images' manager; intermediate arrays are closed.
     */
    public NDArray logits(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("nsfwjs expects RGB images [N, 3, H, W], got " + s);
        }
        NDArray x = images;
        if (x.getDataType() != DataType.FLOAT32) {
            // Promotion by adding a float32 zero keeps the autograd graph (toType would cut it).
            try (NDArray zero = x.getManager().zeros(new Shape(1), DataType.FLOAT32, x.getDevice())) {
                x = x.add(zero);
            }
        }
        NDArray resized = AlignCornersBilinear.resize(x, height, width);
        NDArray logits = model.forward(resized, true);
        if (resized != x) {
            resized.close();
        }
        if (x != images) {
            x.close();
        }
        return logits;
    }

    /** The five class probabilities {@code [N, 5]}, as nsfwjs's {@code classify()} reports them. */
    public NDArray probabilities(NDArray images) {
        try (NDArray logits = logits(images)) {
            return logits.softmax(1);
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "nsfwjs classifier (%d layers, %dx%d input)", model.layerCount(), height, width);
    }

    @Override
    public void close() {
        weights.close();
    }
}
