package dev.focusnfix.core.experiment;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The compute data type as written in an experiment ({@code dtype:}) or on the command line ({@code --dtype});
 * {@link ComputeTarget#resolve} decides whether it can be used on the chosen device.
 */
public enum Precision {
    /** 32-bit floats: the reference precision. */
    FLOAT32(DataType.FLOAT32),
    /** 16-bit IEEE floats (GPU only). */
    FLOAT16(DataType.FLOAT16),
    /** bfloat16: accepted by the syntax, refused by {@link ComputeTarget#resolve} with the reason. */
    BFLOAT16(DataType.BFLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The DJL data type. */
    public DataType dataType() {
        return dataType;
    }

    /** The spelling in experiments: {@code float32}, {@code float16}, {@code bfloat16}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a spelling; throws {@link IllegalArgumentException} listing the accepted ones. */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.yamlName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + text + "'; expected "
                + Arrays.stream(values()).map(Precision::yamlName).collect(Collectors.joining(", ")));
    }
}
