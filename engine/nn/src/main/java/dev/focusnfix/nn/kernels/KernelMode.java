package dev.focusnfix.nn.kernels;

import java.util.Locale;

/**
 * Which implementation of attention and GroupNorm the networks use: {@code composed} (DJL operations, the reference),
 * {@code fused} (the TorchScript kernels, refused where they cannot load) or {@code auto} (fused where they load,
 * composed otherwise, with the reason logged).
 */
public enum KernelMode {
    AUTO,
    FUSED,
    COMPOSED;

    /** The mode for a setting's value ({@code auto}, {@code fused} or {@code composed}, any case). */
    public static KernelMode parse(String value) {
        if (value != null) {
            for (KernelMode mode : values()) {
                if (mode.name().equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("kernels: '" + value + "' is not one of auto, fused, composed");
    }

    /** The setting's spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
