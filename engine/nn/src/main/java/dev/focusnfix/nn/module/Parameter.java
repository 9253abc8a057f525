package dev.focusnfix.nn.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One named tensor of a {@link Module}: its declared shape, how to initialise it randomly, and the array that
 * {@link Module#load} or {@link Module#initialize} put there.
 *
 * <p>{@link #name()} is the leaf name inside its owning module ("weight"); the full dotted name is the key of
 * {@link Module#parameters()}.
 */
public final class Parameter {

    private final String name;
    private final Shape shape;
    private final ParameterInit init;
    private NDArray array;

    Parameter(String name, Shape shape, ParameterInit init) {
        this.name = name;
        this.shape = shape;
        this.init = init;
    }

    /** The leaf name inside the owning module, e.g. {@code weight}. */
    public String name() {
        return name;
    }

    /** The declared shape. */
    public Shape shape() {
        return shape;
    }

    /** How {@link Module#initialize} fills this parameter. */
    public ParameterInit init() {
        return init;
    }

    /** Whether an array has been set. */
    public boolean isSet() {
        return array != null;
    }

    /** The array; fails clearly when the module was never loaded or initialised. */
    public NDArray array() {
        if (array == null) {
            throw new IllegalStateException(
                    "Parameter '" + name + "' " + shape + " has no value: load weights or initialize the module first");
        }
        return array;
    }

    /** Replaces the array; its shape must equal the declared shape. */
    public void set(NDArray value) {
        if (!value.getShape().equals(shape)) {
            throw new IllegalArgumentException(
                    "Parameter '" + name + "' expects shape " + shape + " but got " + value.getShape());
        }
        this.array = value;
    }

    /** Whether gradients are recorded for this parameter (false for frozen base weights). */
    public boolean requiresGradient() {
        return array != null && array.hasGradient();
    }

    /** Makes this parameter trainable (recording gradients) or frozen. */
    public void setRequiresGradient(boolean requiresGradient) {
        array().setRequiresGradient(requiresGradient);
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + shape + (array == null ? ", unset" : ", " + array.getDataType()) + ")";
    }
}
