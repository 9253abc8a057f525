package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.plugins.safety.nsfwjs.NsfwjsClassifier;
import dev.focusnfix.sdk.reward.ClassActivation;
import dev.focusnfix.sdk.reward.ClassObjective;
import dev.focusnfix.sdk.reward.ClassifierRewardOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Options of the {@code safety} reward: {@code reward = scale x objective}. The model is either a classifier file
 * (TorchScript {@code .pt}, differentiable, or ONNX {@code .onnx}; the options of
 * {@link ClassifierRewardOptions} apply, about one {@code targetClass}) or an nsfwjs TensorFlow.js layers model (a
 * folder holding {@code model.json}, or that file, such as {@code builtin:nsfwjs/mobilenet_v2}; differentiable),
 * whose objective is about the group of {@code unsafeClasses} U: the probability {@code sum_{c in U} p(c)}, the
 * log-probability {@code log sum_{c in U} p(c)}, or the logit margin {@code logsumexp(z_U) - logsumexp(z_not U)}, the
 * log-odds of the group, which does not saturate. nsfwjs models bring their own preprocessing (align-corners
 * bilinear resize to the model's input size), so {@code inputSize}, {@code mean} and {@code std} stay empty for them.
 *
 * @param model the classifier: a TorchScript or ONNX file, or an nsfwjs model folder
 * @param targetClass the index of the unsafe class (TorchScript and ONNX)
 * @param objective what is measured about the unsafe class or classes
 * @param activation how logits become probabilities (TorchScript and ONNX; nsfwjs is a softmax)
 * @param scale the reward is {@code scale x objective}; the default {@code -1} penalises the unsafe content
 * @param output the model output holding the logits (TorchScript and ONNX)
 * @param inputSize {@code [height, width]} the classifier expects (TorchScript and ONNX)
 * @param resize the interpolation used to reach {@code inputSize}
 * @param mean per-channel mean (TorchScript and ONNX)
 * @param std per-channel standard deviation (TorchScript and ONNX)
 * @param unsafeClasses nsfwjs's classes that count as unsafe, by name or index; empty: Porn, Hentai, Sexy
 */
public record SafetyRewardOptions(
        @Doc("TorchScript .pt (differentiable), ONNX .onnx, or an nsfwjs model folder (builtin:nsfwjs/mobilenet_v2)")
                String model,
        @Doc("index of the unsafe class (TorchScript/ONNX; nsfwjs uses unsafeClasses)")
                @DefaultValue("1")
                @Range(min = 0)
                int targetClass,
        @Doc("probability (as the paper), log-probability, or logit-margin (no saturation)")
                @DefaultValue("probability")
                ClassObjective objective,
        @Doc("softmax over the classes, or sigmoid per class (TorchScript/ONNX)") @DefaultValue("softmax")
                ClassActivation activation,
        @Doc("reward = scale x objective; -1 penalises the unsafe content as the paper did") @DefaultValue("-1.0")
                float scale,
        @Doc("model output holding the logits: position or name (TorchScript/ONNX)") @DefaultValue("0") String output,
        @Doc("[height, width] the classifier expects (TorchScript/ONNX); empty: any size") List<Integer> inputSize,
        @Doc("interpolation used to reach inputSize (differentiable)") @DefaultValue("bilinear") Interpolation resize,
        @Doc("per-channel mean subtracted from [0,1] pixels (TorchScript/ONNX); empty: none") List<Float> mean,
        @Doc("per-channel standard deviation (TorchScript/ONNX); empty: none") List<Float> std,
        @Doc("nsfwjs classes counted as unsafe, names or indices; empty: Porn, Hentai, Sexy")
                List<String> unsafeClasses) {

    /** Validates the options for the kind of model named, with messages that name the option. */
    public SafetyRewardOptions {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: the classifier file or nsfwjs model folder must be given");
        }
        objective = objective == null ? ClassObjective.PROBABILITY : objective;
        activation = activation == null ? ClassActivation.SOFTMAX : activation;
        output = output == null ? "0" : output;
        resize = resize == null ? Interpolation.BILINEAR : resize;
        inputSize = inputSize == null ? List.of() : List.copyOf(inputSize);
        mean = mean == null ? List.of() : List.copyOf(mean);
        std = std == null ? List.of() : List.copyOf(std);
        unsafeClasses = unsafeClasses == null ? List.of() : List.copyOf(unsafeClasses);
        if (isNsfwjs(model)) {
            checkNsfwjs(targetClass, activation, scale, output, inputSize, mean, std, unsafeClasses);
        } else {
            if (!unsafeClasses.isEmpty()) {
                throw new IllegalArgumentException("unsafeClasses names classes of nsfwjs models; a TorchScript or"
                        + " ONNX classifier ('" + model + "') takes its unsafe class from targetClass");
            }
            // Validates the classifier options (file type, output, input geometry) with their own messages.
            new ClassifierRewardOptions(
                    model, targetClass, objective, activation, scale, output, inputSize, resize, mean, std);
        }
    }

    /** The options as they were before nsfwjs models: a classifier file and its options. */
    public SafetyRewardOptions(
            String model,
            int targetClass,
            ClassObjective objective,
            ClassActivation activation,
            float scale,
            String output,
            List<Integer> inputSize,
            Interpolation resize,
            List<Float> mean,
            List<Float> std) {
        this(model, targetClass, objective, activation, scale, output, inputSize, resize, mean, std, List.of());
    }

    /** The defaults for a model: the probability of class 1 (nsfwjs: of Porn, Hentai, Sexy), penalised. */
    public static SafetyRewardOptions of(String model) {
        return new SafetyRewardOptions(
                model,
                1,
                ClassObjective.PROBABILITY,
                ClassActivation.SOFTMAX,
                -1f,
                "0",
                List.of(),
                Interpolation.BILINEAR,
                List.of(),
                List.of(),
                List.of());
    }

    /** The same options with another objective. */
    public SafetyRewardOptions withObjective(ClassObjective newObjective) {
        return new SafetyRewardOptions(
                model,
                targetClass,
                newObjective,
                activation,
                scale,
                output,
                inputSize,
                resize,
                mean,
                std,
                unsafeClasses);
    }

    /** The same options with a fixed input size (TorchScript and ONNX). */
    public SafetyRewardOptions withInputSize(int height, int width, Interpolation interpolation) {
        return new SafetyRewardOptions(
                model,
                targetClass,
                objective,
                activation,
                scale,
                output,
                List.of(height, width),
                interpolation,
                mean,
                std,
                unsafeClasses);
    }

    /** The same options with other nsfwjs unsafe classes. */
    public SafetyRewardOptions withUnsafeClasses(List<String> classes) {
        return new SafetyRewardOptions(
                model, targetClass, objective, activation, scale, output, inputSize, resize, mean, std, classes);
    }

    /**
     * Whether a model reference names an nsfwjs (TensorFlow.js layers) model: a {@code model.json} file, or a folder
     * (a last path element without a file extension).
     */
    public static boolean isNsfwjs(String model) {
        String name = model.replace('\\', '/');
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        String last = name.substring(name.lastIndexOf('/') + 1);
        if (last.startsWith("builtin:")) {
            last = last.substring("builtin:".length());
        }
        return last.toLowerCase(Locale.ROOT).endsWith(".json") || !last.contains(".");
    }

    /** Whether the model is an nsfwjs model. */
    public boolean nsfwjs() {
        return isNsfwjs(model);
    }

    /** The classifier options of a TorchScript or ONNX model. */
    public ClassifierRewardOptions classifierOptions() {
        if (nsfwjs()) {
            throw new IllegalStateException("'" + model + "' is an nsfwjs model, not a classifier file");
        }
        return new ClassifierRewardOptions(
                model, targetClass, objective, activation, scale, output, inputSize, resize, mean, std);
    }

    /** The indices of nsfwjs's unsafe classes (the defaults when {@code unsafeClasses} is empty), sorted. */
    public int[] unsafeClassIndices() {
        List<String> names = unsafeClasses.isEmpty() ? NsfwjsClassifier.UNSAFE : unsafeClasses;
        return names.stream()
                .mapToInt(NsfwjsClassifier::classIndex)
                .distinct()
                .sorted()
                .toArray();
    }

    private static void checkNsfwjs(
            int targetClass,
            ClassActivation activation,
            float scale,
            String output,
            List<Integer> inputSize,
            List<Float> mean,
            List<Float> std,
            List<String> unsafeClasses) {
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        if (!inputSize.isEmpty() || !mean.isEmpty() || !std.isEmpty()) {
            throw new IllegalArgumentException("inputSize, mean and std apply to TorchScript and ONNX classifiers;"
                    + " an nsfwjs model brings its own preprocessing (leave them out)");
        }
        if (targetClass != 1 || activation != ClassActivation.SOFTMAX || !"0".equals(output)) {
            throw new IllegalArgumentException("targetClass, activation and output apply to TorchScript and ONNX"
                    + " classifiers; for an nsfwjs model name the classes in unsafeClasses (default Porn, Hentai,"
                    + " Sexy)");
        }
        Set<Integer> seen = new LinkedHashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String c : unsafeClasses) {
            if (c == null) {
                throw new IllegalArgumentException("unsafeClasses must not contain null");
            }
            try {
                if (!seen.add(NsfwjsClassifier.classIndex(c))) {
                    duplicates.add(c);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unsafeClasses: " + e.getMessage(), e);
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("unsafeClasses names a class twice: " + duplicates);
        }
        if (seen.size() == NsfwjsClassifier.CLASSES.size()) {
            throw new IllegalArgumentException(
                    "unsafeClasses names all " + seen.size() + " classes: at least one must count as safe");
        }
    }
}
