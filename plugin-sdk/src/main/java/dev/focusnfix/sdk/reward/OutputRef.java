package dev.focusnfix.sdk.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.focusnfix.api.Experimental;
import java.util.ArrayList;
import java.util.List;

/**
 * Names one of a model's outputs, by position ({@code "0"}) or by name ({@code "logits"}). ONNX outputs carry the
 * names of the graph; TorchScript outputs are positional unless the classifier was given names for them.
 *
 * @param name the output name, or null when selecting by position
 * @param index the position, or -1 when selecting by name
 */
@Experimental
public record OutputRef(String name, int index) {

    /** Checks that exactly one of name and index is given. */
    public OutputRef {
        if ((name == null) == (index < 0)) {
            throw new IllegalArgumentException("an output is named either by position or by name");
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("an output name must not be blank");
        }
    }

    /** Parses an option value: a non-negative integer selects by position, anything else by name. */
    public static OutputRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a model output must be given as a position (0, 1, ...) or a name");
        }
        String trimmed = text.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            return new OutputRef(null, Integer.parseInt(trimmed));
        }
        return new OutputRef(trimmed, -1);
    }

    /** The output at a position. */
    public static OutputRef at(int index) {
        return new OutputRef(null, index);
    }

    /** The output with a name. */
    public static OutputRef named(String name) {
        return new OutputRef(name, -1);
    }

    /**
     * The output this reference names among a model's outputs.
     *
     * @throws IllegalArgumentException listing the outputs the model has
     */
    public NDArray select(NDList outputs) {
        if (name == null) {
            if (index < outputs.size()) {
                return outputs.get(index);
            }
        } else {
            for (NDArray output : outputs) {
                if (name.equals(output.getName())) {
                    return output;
                }
            }
        }
        throw new IllegalArgumentException("the model has no output " + this + "; its outputs are "
                + describe(outputs)
                + (name != null && outputs.stream().allMatch(a -> a.getName() == null)
                        ? " (they carry no names: select one by position, or name them with outputNames)"
                        : ""));
    }

    /** {@code [0: logits (2, 2), 1: (2)]}. */
    static String describe(NDList outputs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            NDArray a = outputs.get(i);
            parts.add(i + ": " + (a.getName() == null ? "" : a.getName() + " ") + a.getShape());
        }
        return parts.toString();
    }

    @Override
    public String toString() {
        return name != null ? "'" + name + "'" : "#" + index;
    }
}
