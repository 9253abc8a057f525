package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Experimental;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of an objective on a micro-batch, for the metrics and the non-finite checks.
 *
 * @param objective {@code J}
 * @param reward the mean reward per image
 * @param constraint the mean constraint per image (0 when the method has none)
 */
@Experimental
public record ObjectiveValue(double objective, double reward, double constraint) {

    /** Reads the terms' values (means over the batch). */
    public static ObjectiveValue of(Objective.Terms terms) {
        return new ObjectiveValue(
                mean(terms.objective()),
                mean(terms.reward()),
                terms.constraint() == null ? 0 : mean(terms.constraint()));
    }

    /** Whether every value is finite. */
    public boolean isFinite() {
        return Double.isFinite(objective) && Double.isFinite(reward) && Double.isFinite(constraint);
    }

    /** The names of the values that are not finite, such as {@code "reward NaN"}; empty when all are. */
    public List<String> nonFiniteParts() {
        List<String> parts = new ArrayList<>();
        if (!Double.isFinite(reward)) {
            parts.add("reward " + reward);
        }
        if (!Double.isFinite(constraint)) {
            parts.add("constraint " + constraint);
        }
        if (!Double.isFinite(objective)) {
            parts.add("objective " + objective);
        }
        return parts;
    }

    /** The mean of an array's values in double precision. */
    static double mean(NDArray values) {
        try (NDArray detached = values.stopGradient();
                NDArray wide = detached.toType(DataType.FLOAT64, true);
                NDArray m = wide.mean()) {
            return m.getDouble();
        }
    }
}
