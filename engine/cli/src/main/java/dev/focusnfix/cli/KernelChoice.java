package dev.focusnfix.cli;

import dev.focusnfix.nn.kernels.KernelMode;
import dev.focusnfix.nn.kernels.KernelUnavailableException;
import dev.focusnfix.nn.kernels.Kernels;
import dev.focusnfix.nn.kernels.NetworkKernels;

/** Turns a {@code --kernels} value into the kernels a command uses, refusing what cannot be had with the reason. */
final class KernelChoice {

    private KernelChoice() {}

    /** Resolves {@code value} (auto, fused or composed) without activating it. */
    static NetworkKernels resolve(String value) {
        KernelMode mode;
        try {
            mode = KernelMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--" + e.getMessage());
        }
        try {
            return Kernels.resolve(mode);
        } catch (KernelUnavailableException e) {
            throw new BadInputException("--kernels " + mode.label() + ": " + e.getMessage());
        }
    }

    /** Resolves {@code value} and makes it the kernels of every network in this process. */
    static NetworkKernels select(String value) {
        NetworkKernels kernels = resolve(value);
        Kernels.use(kernels);
        org.slf4j.LoggerFactory.getLogger(KernelChoice.class).info("kernels: {} -> {}", value, kernels.name());
        return kernels;
    }
}
