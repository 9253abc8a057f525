package dev.focusnfix.nn.weights;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The element types a safetensors header may name, with their byte sizes. */
public enum SafetensorsDType {
    BOOL(1, DataType.BOOLEAN),
    U8(1, DataType.UINT8),
    I8(1, DataType.INT8),
    I16(2, DataType.INT16),
    U16(2, null),
    F16(2, DataType.FLOAT16),
    BF16(2, DataType.BFLOAT16),
    I32(4, DataType.INT32),
    U32(4, null),
    F32(4, DataType.FLOAT32),
    F64(8, DataType.FLOAT64),
    I64(8, DataType.INT64),
    U64(8, null),
    F8_E4M3(1, null),
    F8_E5M2(1, null);

    private final int byteSize;
    private final DataType djlType;

    SafetensorsDType(int byteSize, DataType djlType) {
        this.byteSize = byteSize;
        this.djlType = djlType;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the floating point types that are converted to the requested compute dtype when read. */
    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** True for the types this package can turn into NDArrays. */
    public boolean isReadable() {
        return isFloatingPoint()
                || this == I64
                || this == I32
                || this == I16
                || this == I8
                || this == U8
                || this == BOOL;
    }

    /** The matching DJL type, or null where DJL has none. */
    public DataType djlType() {
        return djlType;
    }

    /** Parses a header dtype string; null if unknown. */
    public static SafetensorsDType parse(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The safetensors type that stores a DJL type without loss. */
    public static SafetensorsDType of(DataType type) {
        for (SafetensorsDType t : values()) {
            if (t.djlType == type) {
                return t;
            }
        }
        throw new WeightsException("cannot store DJL data type " + type + " in safetensors; supported: "
                + Arrays.stream(values())
                        .filter(t -> t.djlType != null)
                        .map(t -> t.djlType.toString().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }

    /** All names, for error messages. */
    public static String allNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
