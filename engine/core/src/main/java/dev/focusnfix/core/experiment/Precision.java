package dev.focusnfix.core.experiment;

import ai.djl.ndarray.types.DataType;

/** The compute data type; half precisions only make sense on a GPU. */
public enum Precision {
    /** 32-bit floats: the reference precision. */
    FLOAT32(DataType.FLOAT32),
    /** 16-bit IEEE floats. */
    FLOAT16(DataType.FLOAT16),
    /** bfloat16. */
    BFLOAT16(DataType.BFLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The DJL data type. */
    public DataType dataType() {
        return dataType;
    }
}
