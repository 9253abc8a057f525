package dev.focusnfix.nn.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Casts between floating-point types that keep the autograd graph. DJL's {@code toType} runs without autograd: a
 * cast of an array in the graph cuts it, so a float32 LoRA adapter on a float16 UNet, or a float32 autoencoder
 * decoding float16 latents, would get no gradient. This cast keeps it, with the values of {@code toType}: widening
 * adds a one-element zero of the wider type (type promotion, an ordinary differentiable operation, exact); narrowing
 * runs {@code x.to(dtype)} as a bundled TorchScript kernel ({@code cast.pt}), which DJL runs with autograd. The
 * kernel loads on first use. (Whether an array is in a graph cannot be asked reliably: DJL's {@code hasGradient}
 * answers false for results of recorded operations, so every cast takes the differentiable route.)
 */
public final class DifferentiableCast {

    private static final String FILE = "cast.pt";

    private static TorchScriptKernel kernel;

    private DifferentiableCast() {}

    /**
     * {@code x} in {@code type}, connected to {@code x}'s graph when one is recorded; {@code x} itself when it
     * already has that type. The result lives in {@code x}'s manager.
     *
     * @throws KernelUnavailableException when a narrowing cast needs the kernel and it cannot load
     */
    public static NDArray to(NDArray x, DataType type) {
        DataType from = x.getDataType();
        if (from == type) {
            return x;
        }
        if (width(type) > width(from)) {
            try (NDArray zero = x.getManager().zeros(new Shape(1), type)) {
                NDArray promoted = x.add(zero);
                if (promoted.getDataType() == type) {
                    return promoted;
                }
                promoted.close();
            }
        }
        try (NDArray like = x.getManager().zeros(new Shape(1), type)) {
            return kernel().apply(x, like);
        }
    }

    private static int width(DataType type) {
        return type.getNumOfBytes();
    }

    private static synchronized TorchScriptKernel kernel() {
        if (kernel == null) {
            Path folder = null;
            try {
                folder = Files.createTempDirectory("focusnfix-cast");
                Path file = folder.resolve(FILE);
                FusedKernels.copyResource(FILE, file);
                kernel = TorchScriptKernel.load("cast", file);
            } catch (Exception | UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new KernelUnavailableException(
                        "the differentiable cast kernel (" + FILE + ") cannot load: " + e.getMessage()
                                + "; float16 training needs it to carry gradients between float16 and float32"
                                + " (train in float32 instead)",
                        e);
            } finally {
                if (folder != null) {
                    FusedKernels.deleteQuietly(folder);
                }
            }
        }
        return kernel;
    }
}
