package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.text.ClipTextConfig;
import dev.focusnfix.nn.text.ClipTextModel;
import dev.focusnfix.nn.text.TextEncoderOutput;
import dev.focusnfix.nn.tokenizer.Tokenizer;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * HF {@code CLIPModel} loaded from a folder as published ({@code config.json} with {@code text_config} and
 * {@code vision_config}, {@code model.safetensors}, the tokenizer files, {@code preprocessor_config.json}): the text
 * tower with {@code text_projection}, the vision tower with {@code visual_projection}, and {@code logit_scale}.
 * Every step from images in [0, 1] to similarities is differentiable with respect to the images.
 */
@Experimental
public final class ClipModel {

    static final String LOGIT_SCALE_KEY = "logit_scale";

    private final ClipTextModel textModel;
    private final ClipVisionModel visionModel;
    private final ClipImageProcessor imageProcessor;
    private final Tokenizer tokenizer;
    private final double logitScale;

    ClipModel(
            ClipTextModel textModel,
            ClipVisionModel visionModel,
            ClipImageProcessor imageProcessor,
            Tokenizer tokenizer,
            double logitScale) {
        this.textModel = textModel;
        this.visionModel = visionModel;
        this.imageProcessor = imageProcessor;
        this.tokenizer = tokenizer;
        this.logitScale = logitScale;
    }

    /**
     * Loads a CLIPModel folder. The weights go to {@code manager} in {@code dtype}; every tensor of the checkpoint
     * must be used by one of the towers or be {@code logit_scale}.
     */
    public static ClipModel load(Path folder, NDManager manager, DataType dtype) throws IOException {
        return load(folder, folder, manager, dtype);
    }

    /**
     * As {@link #load(Path, NDManager, DataType)}, with the tokenizer files and {@code preprocessor_config.json} read
     * from {@code processorFolder} (checkpoints such as PickScore publish the weights apart from their processor).
     */
    public static ClipModel load(Path folder, Path processorFolder, NDManager manager, DataType dtype)
            throws IOException {
        ConfigJson config = ConfigJson.read(folder.resolve("config.json"));
        if (!config.has("text_config") || !config.has("vision_config")) {
            throw new InvalidInputException(folder.resolve("config.json")
                    + " is not a CLIPModel config: it needs both text_config and vision_config");
        }
        ClipTextModel text = new ClipTextModel(ClipTextConfig.from(config));
        ClipVisionModel vision = new ClipVisionModel(ClipVisionConfig.from(config));
        double logitScale;
        try (StateDict weights = StateDict.readComponent(folder, null, manager, dtype)) {
            text.loadWeights(weights);
            vision.loadWeights(weights);
            if (!weights.contains(LOGIT_SCALE_KEY)) {
                throw new WeightsException(weights.source() + ": missing key '" + LOGIT_SCALE_KEY
                        + "' (a CLIPModel checkpoint stores the log of the similarity temperature there)");
            }
            NDArray scale = weights.get(LOGIT_SCALE_KEY);
            if (scale.getShape().size() != 1) {
                throw new WeightsException(weights.source() + ": '" + LOGIT_SCALE_KEY
                        + "' must hold one value, found shape " + scale.getShape());
            }
            try (NDArray asFloat = scale.toType(DataType.FLOAT32, true)) {
                logitScale = asFloat.toFloatArray()[0];
            }
            scale.close();
            weights.requireAllUsed();
        }
        ClipImageProcessor processor = ClipImageProcessor.read(processorFolder.resolve(ClipImageProcessor.FILE_NAME));
        Tokenizer tokenizer = Tokenizer.load(processorFolder);
        return new ClipModel(text, vision, processor, tokenizer, logitScale);
    }

    ClipTextModel textModel() {
        return textModel;
    }

    public ClipVisionModel visionModel() {
        return visionModel;
    }

    public ClipImageProcessor imageProcessor() {
        return imageProcessor;
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The stored {@code logit_scale}: the log of the factor that turns cosine similarities into logits. */
    public double logitScale() {
        return logitScale;
    }

    /** Images [N, 3, H, W] in [0, 1] of any size -> pixel values for the vision tower (differentiable). */
    public NDArray preprocess(NDArray images) {
        return imageProcessor.preprocess(images);
    }

    /** Preprocessed pixel values -> {@code image_embeds} [N, projection] (not normalised). */
    public NDArray encodePixels(NDArray pixelValues) {
        ClipVisionOutput out = visionModel.forward(pixelValues);
        closeAll(out.hiddenStates());
        out.pooledOutput().close();
        return out.imageEmbeds();
    }

    /** Images [N, 3, H, W] in [0, 1] -> {@code image_embeds} [N, projection]: preprocessing plus vision tower. */
    public NDArray encodeImages(NDArray images) {
        NDArray pixelValues = preprocess(images);
        NDArray embeds = encodePixels(pixelValues);
        pixelValues.close();
        return embeds;
    }

    /** Token ids [M, seq] -> {@code text_embeds} [M, projection] (not normalised). */
    public NDArray encodeText(NDArray inputIds) {
        TextEncoderOutput out = textModel.forward(inputIds);
        // hidden states hold the penultimate state; the final-norm state and the pooled output are separate.
        closeAll(out.hiddenStates());
        out.lastHiddenState().close();
        out.pooledOutput().close();
        return out.textEmbeds();
    }

    /** Prompts -> padded token ids [M, maxLength] (int64) in {@code manager}, as the text tower expects them. */
    public NDArray tokenize(List<String> prompts, NDManager manager) {
        int length = tokenizer.maxLength();
        long[] ids = new long[prompts.size() * length];
        for (int i = 0; i < prompts.size(); i++) {
            int[] row = tokenizer.encode(prompts.get(i));
            for (int j = 0; j < length; j++) {
                ids[i * length + j] = row[j];
            }
        }
        return Scalars.constant(manager, ids, new Shape(prompts.size(), length));
    }

    /** transformers' {@code CLIPModel.forward}: embeddings of both towers and the scaled cosine similarities. */
    public ClipOutput forward(NDArray pixelValues, NDArray inputIds) {
        NDArray imageEmbeds = encodePixels(pixelValues);
        NDArray textEmbeds = encodeText(inputIds);
        NDArray imageUnit = normalize(imageEmbeds);
        NDArray textUnit = normalize(textEmbeds);
        NDArray textUnitT = textUnit.transpose();
        NDArray cosine = imageUnit.matMul(textUnitT);
        NDArray logitsPerImage = Scalars.mul(cosine, Math.exp(logitScale));
        NDArray logitsPerText = logitsPerImage.transpose();
        closeAll(List.of(imageUnit, textUnit, textUnitT, cosine));
        return new ClipOutput(imageEmbeds, textEmbeds, logitsPerImage, logitsPerText);
    }

    /** Row-wise L2 normalisation over the last axis, {@code x / ||x||}. */
    public static NDArray normalize(NDArray embeds) {
        try (NDArray squared = embeds.square();
                NDArray sumOfSquares = squared.sum(new int[] {-1}, true);
                NDArray norm = sumOfSquares.sqrt()) {
            return embeds.div(norm);
        }
    }

    /** Cosine similarity of matching rows, {@code [N, D] x [N, D] -> [N]}. */
    public static NDArray cosineSimilarity(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException(
                    "cosine similarity of rows needs equal shapes, got " + a.getShape() + " and " + b.getShape());
        }
        try (NDArray aUnit = normalize(a);
                NDArray bUnit = normalize(b);
                NDArray product = aUnit.mul(bUnit)) {
            return product.sum(new int[] {-1});
        }
    }

    private static void closeAll(List<NDArray> arrays) {
        for (NDArray array : arrays) {
            array.close();
        }
    }
}
