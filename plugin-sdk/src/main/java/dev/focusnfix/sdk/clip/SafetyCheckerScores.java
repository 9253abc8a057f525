package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Experimental;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What {@link StableDiffusionSafetyChecker} computes for a batch, in the autograd graph of the images.
 *
 * @param conceptScores [N, concepts]: {@code cos - threshold + adjustment}; above 0 means the concept is present
 * @param specialScores [N, special-care concepts]: {@code cos - threshold}; above 0 raises the adjustment
 */
@Experimental
public record SafetyCheckerScores(NDArray conceptScores, NDArray specialScores) implements AutoCloseable {

    /**
     * The {@code has_nsfw_concept} flag of each image as the pipeline's {@code forward} raises it: scores rounded to 3
     * decimals, the special-care adjustment applying from the first special concept above 0 on, and the image flagged
     * when any rounded concept score is above 0. (This differs from {@code forward_onnx}, which does not round, only
     * for scores within 5e-4 of 0.)
     */
    public boolean[] hasNsfwConcept() {
        int n = (int) conceptScores.getShape().get(0);
        int concepts = (int) conceptScores.getShape().get(1);
        int special = (int) specialScores.getShape().get(1);
        float[] concept = floats(conceptScores);
        float[] care = floats(specialScores);
        boolean[] flags = new boolean[n];
        for (int i = 0; i < n; i++) {
            // conceptScores already hold the any(special > 0) adjustment; forward adds it from the running state.
            boolean anyCare = false;
            for (int k = 0; k < special; k++) {
                anyCare |= care[i * special + k] > 0;
            }
            double included = anyCare ? StableDiffusionSafetyChecker.SPECIAL_CARE_ADJUSTMENT : 0.0;
            double adjustment = 0.0;
            for (int k = 0; k < special; k++) {
                if (round3(care[i * special + k] + adjustment) > 0) {
                    adjustment = StableDiffusionSafetyChecker.SPECIAL_CARE_ADJUSTMENT;
                }
            }
            for (int j = 0; j < concepts; j++) {
                double raw = concept[i * concepts + j] - included;
                flags[i] |= round3(raw + adjustment) > 0;
            }
        }
        return flags;
    }

    /** Per image, the largest concept score: the image is flagged (without rounding) when it is above 0. */
    public float[] maxConceptScore() {
        try (NDArray max = conceptScores.max(new int[] {1})) {
            return floats(max);
        }
    }

    @Override
    public void close() {
        conceptScores.close();
        specialScores.close();
    }

    private static float[] floats(NDArray array) {
        try (NDArray asFloat = array.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
            return asFloat.toFloatArray();
        }
    }

    /** Python's {@code round(x, 3)} on the float value (half to even on the exact decimal expansion). */
    private static double round3(double x) {
        return new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }
}
