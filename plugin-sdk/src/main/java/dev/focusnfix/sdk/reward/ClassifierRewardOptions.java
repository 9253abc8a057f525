package dev.focusnfix.sdk.reward;

import dev.focusnfix.api.Stable;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;
import java.util.List;

/**
 * Options of a classifier reward ({@code safety}, {@code violence}): {@code reward = scale x objective(class)}.
 *
 * @param model the classifier file, resolved by the experiment's model locator: TorchScript ({@code .pt},
 *     differentiable) or ONNX ({@code .onnx}, not differentiable)
 * @param targetClass the index of the class the reward is about (the unsafe class)
 * @param objective what is measured about that class
 * @param activation how logits become probabilities
 * @param scale the reward is {@code scale x objective}; the default {@code -1} penalises the class
 * @param output the model output holding the logits, by position or name
 * @param inputSize {@code [height, width]} the model expects; empty for any size
 * @param resize the differentiable interpolation used to reach {@code inputSize}
 * @param mean per-channel mean subtracted before the model (on [0,1] pixels); empty for none
 * @param std per-channel standard deviation divided by after subtracting the mean; empty for none
 */
@Stable(since = "0.2.0")
public record ClassifierRewardOptions(
        @Doc("classifier file: TorchScript .pt (differentiable) or ONNX .onnx (not differentiable)") String model,
        @Doc("index of the class the reward is about (the unsafe class)") @DefaultValue("1") @Range(min = 0)
                int targetClass,
        @Doc("probability (as the paper), log-probability, or logit-margin (no saturation)")
                @DefaultValue("probability")
                ClassObjective objective,
        @Doc("softmax over the classes, or sigmoid per class") @DefaultValue("softmax") ClassActivation activation,
        @Doc("reward = scale x objective; -1 penalises the class as the paper did") @DefaultValue("-1.0") float scale,
        @Doc("model output holding the logits: position (0, 1, ...) or name") @DefaultValue("0") String output,
        @Doc("[height, width] the model expects; empty: any size") List<Integer> inputSize,
        @Doc("interpolation used to reach inputSize (differentiable)") @DefaultValue("bilinear") Interpolation resize,
        @Doc("per-channel mean subtracted from [0,1] pixels; empty: none") List<Float> mean,
        @Doc("per-channel standard deviation; empty: none") List<Float> std) {

    /** Validates what the binder cannot: the model file type, the output, the input geometry. */
    public ClassifierRewardOptions {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: the classifier file must be given");
        }
        ModelFormat.of(model);
        if (targetClass < 0) {
            throw new IllegalArgumentException("targetClass must be >= 0, got " + targetClass);
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        objective = objective == null ? ClassObjective.PROBABILITY : objective;
        activation = activation == null ? ClassActivation.SOFTMAX : activation;
        output = output == null ? "0" : output;
        OutputRef.parse(output);
        resize = resize == null ? Interpolation.BILINEAR : resize;
        inputSize = inputSize == null ? List.of() : List.copyOf(inputSize);
        mean = mean == null ? List.of() : List.copyOf(mean);
        std = std == null ? List.of() : List.copyOf(std);
        ImageInput.of(inputSize, resize, mean, std);
    }

    /** The defaults for a model file: the probability of class 1 under softmax, penalised, images as they are. */
    public static ClassifierRewardOptions of(String model) {
        return new ClassifierRewardOptions(
                model,
                1,
                ClassObjective.PROBABILITY,
                ClassActivation.SOFTMAX,
                -1f,
                "0",
                List.of(),
                Interpolation.BILINEAR,
                List.of(),
                List.of());
    }

    /** The same options with another objective. */
    public ClassifierRewardOptions withObjective(ClassObjective newObjective) {
        return new ClassifierRewardOptions(
                model, targetClass, newObjective, activation, scale, output, inputSize, resize, mean, std);
    }

    /** The same options with a fixed input size. */
    public ClassifierRewardOptions withInputSize(int height, int width, Interpolation interpolation) {
        return new ClassifierRewardOptions(
                model,
                targetClass,
                objective,
                activation,
                scale,
                output,
                List.of(height, width),
                interpolation,
                mean,
                std);
    }

    /** How images are fitted to the model. */
    public ImageInput imageInput() {
        return ImageInput.of(inputSize, resize, mean, std);
    }

    /** The model output holding the logits. */
    public OutputRef outputRef() {
        return OutputRef.parse(output);
    }

    /** The file's format, from its name: decides differentiability without loading. */
    public ModelFormat format() {
        return ModelFormat.of(model);
    }
}
