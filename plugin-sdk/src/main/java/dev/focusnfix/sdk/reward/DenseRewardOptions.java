package dev.focusnfix.sdk.reward;

import dev.focusnfix.api.Stable;
import dev.focusnfix.api.image.Interpolation;
import java.util.List;

/**
 * What a dense-model reward ({@code artifact}, {@code misalignment}) needs to know: the model file, which outputs
 * hold the image score and the per-pixel heatmap and how they are read, the reward scale, and how images are fitted
 * to the model. Each plugin declares its own options record (its defaults and documentation differ: the artifact
 * score is a plausibility, higher is better; a misalignment score is higher-is-worse and is penalised) and
 * implements this interface with the record's accessors.
 */
@Stable(since = "0.2.0")
public interface DenseRewardOptions {

    /** The model file reference, resolved by the experiment's model locator: {@code .pt} or {@code .onnx}. */
    String model();

    /** The output holding the score, by position or name. */
    String scoreOutput();

    /** The output holding the heatmap, by position or name. */
    String heatmapOutput();

    /** Names given to the outputs in order when the format carries none (TorchScript); empty: positional. */
    List<String> outputNames();

    /** How the score output is read. */
    ScoreActivation scoreActivation();

    /** How the heatmap output is read. */
    ScoreActivation heatmapActivation();

    /** The reward is {@code scale x score}. */
    float scale();

    /** {@code [height, width]} the model expects; empty for any size. */
    List<Integer> inputSize();

    /** The differentiable interpolation used to reach {@link #inputSize()}. */
    Interpolation resize();

    /** Per-channel mean subtracted from [0,1] pixels; empty for none. */
    List<Float> mean();

    /** Per-channel standard deviation; empty for none. */
    List<Float> std();

    /** How images are fitted to the model. */
    default ImageInput imageInput() {
        return ImageInput.of(inputSize(), resize(), mean(), std());
    }

    /** The file's format, from its name: decides differentiability without loading. */
    default ModelFormat format() {
        return ModelFormat.of(model());
    }

    /**
     * Validates option values with messages that name the option; options records call it from their compact
     * constructor after filling in their defaults.
     *
     * @throws IllegalArgumentException for a missing model or one of an unknown type, an empty output reference, a
     *     non-finite scale or an invalid input geometry
     */
    static void validate(
            String model,
            String scoreOutput,
            String heatmapOutput,
            float scale,
            List<Integer> inputSize,
            Interpolation resize,
            List<Float> mean,
            List<Float> std) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: the dense model file must be given");
        }
        ModelFormat.of(model);
        OutputRef.parse(scoreOutput);
        OutputRef.parse(heatmapOutput);
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        ImageInput.of(inputSize, resize, mean, std);
    }

    /**
     * Checks that outputs selected by name are among {@code outputNames} when a TorchScript model takes its names from
     * that list, so that a misnamed output is refused when the experiment is validated, not after the model loaded.
     *
     * @throws IllegalArgumentException naming the option, the name and the names there are
     */
    static void validateOutputNames(String model, String scoreOutput, String heatmapOutput, List<String> outputNames) {
        if (outputNames.isEmpty() || ModelFormat.of(model) != ModelFormat.TORCHSCRIPT) {
            return;
        }
        for (String[] option : new String[][] {{"scoreOutput", scoreOutput}, {"heatmapOutput", heatmapOutput}}) {
            OutputRef ref = OutputRef.parse(option[1]);
            if (ref.name() != null && !outputNames.contains(ref.name())) {
                throw new IllegalArgumentException(option[0] + ": the model's outputs are named " + outputNames
                        + " (outputNames), so there is no output '" + ref.name() + "'; name one of those, select by"
                        + " position, or rename the outputs with outputNames");
            }
        }
    }
}
