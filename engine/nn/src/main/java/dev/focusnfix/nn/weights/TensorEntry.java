package dev.focusnfix.nn.weights;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor's header entry: its element type, shape and byte range relative to the start of the data section.
 *
 * @param name  the tensor key
 * @param dtype the stored element type
 * @param shape the dimensions (empty for a scalar)
 * @param begin first byte, relative to the data section
 * @param end   one past the last byte, relative to the data section
 */
public record TensorEntry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {

    /** Number of elements. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Byte length of the stored data. */
    public long byteLength() {
        return end - begin;
    }

    /** The shape as a DJL {@link Shape}. */
    public Shape djlShape() {
        return new Shape(shape.clone());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
