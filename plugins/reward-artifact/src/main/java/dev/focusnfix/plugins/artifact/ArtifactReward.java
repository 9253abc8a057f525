package dev.focusnfix.plugins.artifact;

import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.sdk.reward.DenseRewardModel;
import dev.focusnfix.sdk.reward.DenseRewardOptions;
import dev.focusnfix.sdk.reward.ScoreActivation;
import java.util.List;
import org.pf4j.Extension;

/**
 * The artifact reward of the paper: the plausibility score of a dense model (a rich-human-feedback style artifact
 * model) as the reward, and its artifact heatmap for the region function. Differentiable for TorchScript models,
 * not for ONNX. The model, reward and heatmap handling are the shared
 * {@link dev.focusnfix.sdk.reward.DenseRewardModel}.
 */
@Extension
public final class ArtifactReward extends DenseRewardModel<ArtifactReward.Options> {

    /**
     * Options.
     *
     * @param model the dense model file: TorchScript ({@code .pt}) or ONNX ({@code .onnx})
     * @param scoreOutput the output holding the plausibility score, by name or position
     * @param heatmapOutput the output holding the artifact heatmap, by name or position
     * @param outputNames names given to the outputs in order when the format has none (TorchScript)
     * @param scoreActivation how the score output is read
     * @param heatmapActivation how the heatmap output is read
     * @param scale the reward is {@code scale x score}
     * @param inputSize {@code [height, width]} the model expects; empty for any size
     * @param resize the differentiable interpolation used to reach {@code inputSize}
     * @param mean per-channel mean subtracted before the model; empty for none
     * @param std per-channel standard deviation; empty for none
     */
    public record Options(
            @Doc("dense model file: TorchScript .pt (differentiable) or ONNX .onnx (not differentiable)") String model,
            @Doc("output holding the plausibility score: name or position") @DefaultValue("plausibility")
                    String scoreOutput,
            @Doc("output holding the artifact heatmap: name or position") @DefaultValue("heatmap") String heatmapOutput,
            @Doc("names of the outputs in order, for formats without names (TorchScript)")
                    @DefaultValue("[plausibility, heatmap]")
                    List<String> outputNames,
            @Doc("raw: the score output is the plausibility; sigmoid: it is a logit") @DefaultValue("raw")
                    ScoreActivation scoreActivation,
            @Doc("raw: the heatmap output is in [0,1]; sigmoid: it holds logits") @DefaultValue("raw")
                    ScoreActivation heatmapActivation,
            @Doc("reward = scale x plausibility") @DefaultValue("1.0") float scale,
            @Doc("[height, width] the model expects; empty: any size") List<Integer> inputSize,
            @Doc("interpolation used to reach inputSize (differentiable)") @DefaultValue("bilinear")
                    Interpolation resize,
            @Doc("per-channel mean subtracted from [0,1] pixels; empty: none") List<Float> mean,
            @Doc("per-channel standard deviation; empty: none") List<Float> std)
            implements DenseRewardOptions {

        /** Validates the model file type, the outputs and the input geometry. */
        public Options {
            scoreOutput = scoreOutput == null ? "plausibility" : scoreOutput;
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

        /** The defaults for a model file with outputs {@code plausibility} and {@code heatmap}. */
        public static Options of(String model) {
            return new Options(
                    model,
                    "plausibility",
                    "heatmap",
                    List.of("plausibility", "heatmap"),
                    ScoreActivation.RAW,
                    ScoreActivation.RAW,
                    1f,
                    List.of(),
                    Interpolation.BILINEAR,
                    List.of(),
                    List.of());
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
        return "artifact";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "plausibility score and artifact heatmap of a dense model (TorchScript or ONNX)";
    }
}
