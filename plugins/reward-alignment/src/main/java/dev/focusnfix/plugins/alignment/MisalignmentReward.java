package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.sdk.reward.DenseRewardModel;
import dev.focusnfix.sdk.reward.DenseRewardOptions;
import dev.focusnfix.sdk.reward.ScoreActivation;
import java.util.List;
import org.pf4j.Extension;

/**
 * The text-image misalignment reward of the paper: a dense model (a rich-human-feedback style misalignment model)
 * gives a misalignment score per image, higher meaning worse, and a heatmap of the misaligned region. The reward is
 * {@code scale x score} with {@code scale = -1} by default, so that a higher reward means better alignment, and the
 * heatmap, thresholded, is the region to fix. Differentiable for TorchScript models, not for ONNX. The model sees
 * only the image: prompts are not passed to it, so a prompt-conditioned model must be exported with its prompt
 * fixed. The model, reward and heatmap handling are the shared {@link dev.focusnfix.sdk.reward.DenseRewardModel}
 * that the {@code artifact} reward uses too.
 */
@Extension
public final class MisalignmentReward extends DenseRewardModel<MisalignmentReward.Options> {

    /**
     * Options.
     *
     * @param model the dense model file: TorchScript ({@code .pt}) or ONNX ({@code .onnx})
     * @param scoreOutput the output holding the misalignment score (higher is worse), by name or position
     * @param heatmapOutput the output holding the misalignment heatmap, by name or position
     * @param outputNames names given to the outputs in order when the format has none (TorchScript)
     * @param scoreActivation how the score output is read
     * @param heatmapActivation how the heatmap output is read
     * @param scale the reward is {@code scale x score}; the default {@code -1} penalises misalignment
     * @param inputSize {@code [height, width]} the model expects; empty for any size
     * @param resize the differentiable interpolation used to reach {@code inputSize}
     * @param mean per-channel mean subtracted before the model; empty for none
     * @param std per-channel standard deviation; empty for none
     */
    public record Options(
            @Doc("dense model file: TorchScript .pt (differentiable) or ONNX .onnx (not differentiable)") String model,
            @Doc("output holding the misalignment score (higher is worse): name or position")
                    @DefaultValue("misalignment")
                    String scoreOutput,
            @Doc("output holding the misalignment heatmap: name or position") @DefaultValue("heatmap")
                    String heatmapOutput,
            @Doc("names of the outputs in order, for formats without names (TorchScript)")
                    @DefaultValue("[misalignment, heatmap]")
                    List<String> outputNames,
            @Doc("raw: the score output is the misalignment score; sigmoid: it is a logit") @DefaultValue("raw")
                    ScoreActivation scoreActivation,
            @Doc("raw: the heatmap output is in [0,1]; sigmoid: it holds logits") @DefaultValue("raw")
                    ScoreActivation heatmapActivation,
            @Doc("reward = scale x misalignment score; -1: higher reward means better alignment") @DefaultValue("-1.0")
                    float scale,
            @Doc("[height, width] the model expects; empty: any size") List<Integer> inputSize,
            @Doc("interpolation used to reach inputSize (differentiable)") @DefaultValue("bilinear")
                    Interpolation resize,
            @Doc("per-channel mean subtracted from [0,1] pixels; empty: none") List<Float> mean,
            @Doc("per-channel standard deviation; empty: none") List<Float> std)
            implements DenseRewardOptions {

        /** Fills in the defaults and validates the model file type, the outputs and the input geometry. */
        public Options {
            scoreOutput = scoreOutput == null ? "misalignment" : scoreOutput;
            heatmapOutput = heatmapOutput == null ? "heatmap" : heatmapOutput;
            outputNames = outputNames == null ? List.of() : List.copyOf(outputNames);
            scoreActivation = scoreActivation == null ? ScoreActivation.RAW : scoreActivation;
            heatmapActivation = heatmapActivation == null ? ScoreActivation.RAW : heatmapActivation;
            resize = resize == null ? Interpolation.BILINEAR : resize;
            inputSize = inputSize == null ? List.of() : List.copyOf(inputSize);
            mean = mean == null ? List.of() : List.copyOf(mean);
            std = std == null ? List.of() : List.copyOf(std);
            DenseRewardOptions.validate(model, scoreOutput, heatmapOutput, scale, inputSize, resize, mean, std);
            DenseRewardOptions.validateOutputNames(model, scoreOutput, heatmapOutput, outputNames);
        }

        /** The defaults for a model file with outputs {@code misalignment} and {@code heatmap}: reward = -score. */
        public static Options of(String model) {
            return new Options(
                    model,
                    "misalignment",
                    "heatmap",
                    List.of("misalignment", "heatmap"),
                    ScoreActivation.RAW,
                    ScoreActivation.RAW,
                    -1f,
                    List.of(),
                    Interpolation.BILINEAR,
                    List.of(),
                    List.of());
        }

        /** The same options reading the score from another output. */
        public Options withScoreOutput(String output) {
            return new Options(
                    model,
                    output,
                    heatmapOutput,
                    outputNames,
                    scoreActivation,
                    heatmapActivation,
                    scale,
                    inputSize,
                    resize,
                    mean,
                    std);
        }

        /** The same options with a fixed input size. */
        public Options withInputSize(int height, int width) {
            return new Options(
                    model,
                    scoreOutput,
                    heatmapOutput,
                    outputNames,
                    scoreActivation,
                    heatmapActivation,
                    scale,
                    List.of(height, width),
                    resize,
                    mean,
                    std);
        }
    }

    @Override
    public String id() {
        return "misalignment";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "minus the misalignment score of a dense model, with its misalignment heatmap (TorchScript or ONNX)";
    }
}
