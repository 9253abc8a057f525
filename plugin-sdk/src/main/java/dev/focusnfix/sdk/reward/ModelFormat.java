package dev.focusnfix.sdk.reward;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The file formats an {@link ImageClassifier} loads, told apart by the file name alone so that differentiability is
 * known before anything is loaded.
 */
@Experimental
public enum ModelFormat {

    /** A TorchScript module ({@code .pt}, {@code .pth}, {@code .ts}): PyTorch engine, gradients flow to the input. */
    TORCHSCRIPT("PyTorch", true),

    /** An ONNX graph ({@code .onnx}): ONNX Runtime engine, inference only. */
    ONNX("OnnxRuntime", false);

    private final String engineName;
    private final boolean differentiable;

    ModelFormat(String engineName, boolean differentiable) {
        this.engineName = engineName;
        this.differentiable = differentiable;
    }

    /** The DJL engine that runs this format. */
    public String engineName() {
        return engineName;
    }

    /** Whether outputs of this format carry the autograd graph back to the input images. */
    public boolean isDifferentiable() {
        return differentiable;
    }

    /**
     * The format of a model file, from its extension.
     *
     * @throws IllegalArgumentException naming the file and the extensions understood
     */
    public static ModelFormat of(String file) {
        String name = file.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ts")) {
            return TORCHSCRIPT;
        }
        if (name.endsWith(".onnx")) {
            return ONNX;
        }
        throw new InvalidInputException("cannot tell the format of model file '" + file
                + "': expected a TorchScript file (.pt, .pth, .ts) or an ONNX file (.onnx)");
    }

    /** The format of a model file, from its extension. */
    public static ModelFormat of(Path file) {
        return of(
                file.getFileName() == null
                        ? file.toString()
                        : file.getFileName().toString());
    }
}
