package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * diffusers' {@code StableDiffusionSafetyChecker} as Stable Diffusion v1.x folders ship it: {@code safety_checker/}
 * (a CLIPConfig {@code config.json}; weights {@code vision_model.vision_model.*}, {@code visual_projection},
 * {@code concept_embeds} [17, D], {@code special_care_embeds} [3, D] and their thresholds
 * {@code concept_embeds_weights}, {@code special_care_embeds_weights}) with the {@code feature_extractor/}
 * preprocessing. The scores are those of {@code forward_onnx}, kept in the autograd graph:
 * {@code special = cos(e, special_care_embeds) - special_thresholds},
 * {@code concept = cos(e, concept_embeds) - concept_thresholds + 0.01 * any(special > 0)}, where {@code e} is the
 * projected image embedding. The flags follow the pipeline's {@code forward} (see {@link SafetyCheckerScores}).
 */
@Experimental
public final class StableDiffusionSafetyChecker {

    /** The added margin once any special-care concept scores above its threshold (diffusers' constant). */
    public static final double SPECIAL_CARE_ADJUSTMENT = 0.01;

    /** The component folders in a diffusers pipeline folder. */
    public static final String SAFETY_CHECKER_FOLDER = "safety_checker";

    public static final String FEATURE_EXTRACTOR_FOLDER = "feature_extractor";

    private static final String[] KEYS = {
        "concept_embeds", "special_care_embeds", "concept_embeds_weights", "special_care_embeds_weights"
    };

    /** transformers 4 nested the tower in CLIPVisionModel, so published checkpoints repeat the prefix. */
    private static final String NESTED = "vision_model.vision_model.";

    private final ClipVisionModel vision;
    private final ClipImageProcessor featureExtractor;
    private final NDArray conceptUnit;
    private final NDArray conceptThresholds;
    private final NDArray specialUnit;
    private final NDArray specialThresholds;

    private StableDiffusionSafetyChecker(
            ClipVisionModel vision,
            ClipImageProcessor featureExtractor,
            NDArray conceptUnit,
            NDArray conceptThresholds,
            NDArray specialUnit,
            NDArray specialThresholds) {
        this.vision = vision;
        this.featureExtractor = featureExtractor;
        this.conceptUnit = conceptUnit;
        this.conceptThresholds = conceptThresholds;
        this.specialUnit = specialUnit;
        this.specialThresholds = specialThresholds;
    }

    /**
     * Loads the checker of a Stable Diffusion pipeline folder ({@code safety_checker/} and
     * {@code feature_extractor/}), or of a {@code safety_checker/} folder itself, whose preprocessing then comes from
     * the sibling {@code feature_extractor/}. Weights go to {@code manager} in {@code dtype}.
     */
    public static StableDiffusionSafetyChecker load(Path folder, NDManager manager, DataType dtype) throws IOException {
        Path checkerFolder = Files.isDirectory(folder.resolve(SAFETY_CHECKER_FOLDER))
                ? folder.resolve(SAFETY_CHECKER_FOLDER)
                : folder;
        Path extractorFile =
                checkerFolder.resolveSibling(FEATURE_EXTRACTOR_FOLDER).resolve(ClipImageProcessor.FILE_NAME);
        if (!Files.isRegularFile(checkerFolder.resolve("config.json"))) {
            throw new IOException(folder + " has no " + SAFETY_CHECKER_FOLDER + "/config.json: give a Stable Diffusion"
                    + " v1.x folder in the diffusers layout that ships its safety checker (CompVis/stable-diffusion"
                    + "-v1-4 does), or its safety_checker/ folder");
        }
        ConfigJson config = ConfigJson.read(checkerFolder.resolve("config.json"));
        if (!config.has("vision_config")) {
            throw new IOException(checkerFolder.resolve("config.json")
                    + " is not a StableDiffusionSafetyChecker config: it needs vision_config (a CLIPConfig)");
        }
        ClipVisionModel vision = new ClipVisionModel(ClipVisionConfig.from(config));
        ClipImageProcessor featureExtractor = ClipImageProcessor.read(extractorFile);
        NDArray[] tensors = new NDArray[KEYS.length];
        try (StateDict file = StateDict.readComponent(checkerFolder, null, manager, dtype);
                StateDict towers =
                        file.renamed(k -> k.startsWith(NESTED) ? k.substring("vision_model.".length()) : k)) {
            vision.loadWeights(towers);
            for (int i = 0; i < KEYS.length; i++) {
                tensors[i] = towers.get(KEYS[i]);
            }
            towers.requireAllUsed();
            int projection = vision.config().projectionDim();
            requireShape(towers, KEYS[0], tensors[0], projection, 2);
            requireShape(towers, KEYS[1], tensors[1], projection, 2);
            requireShape(towers, KEYS[2], tensors[2], tensors[0].getShape().get(0), 1);
            requireShape(towers, KEYS[3], tensors[3], tensors[1].getShape().get(0), 1);
        }
        NDArray conceptUnit = ClipModel.normalize(tensors[0]);
        NDArray specialUnit = ClipModel.normalize(tensors[1]);
        tensors[0].close();
        tensors[1].close();
        return new StableDiffusionSafetyChecker(
                vision, featureExtractor, conceptUnit, tensors[2], specialUnit, tensors[3]);
    }

    public ClipVisionModel visionModel() {
        return vision;
    }

    public ClipImageProcessor featureExtractor() {
        return featureExtractor;
    }

    /** How many concepts ({@code concept_embeds} rows; 17 in the published checker). */
    public int conceptCount() {
        return (int) conceptUnit.getShape().get(0);
    }

    /** How many special-care concepts (3 in the published checker). */
    public int specialCareCount() {
        return (int) specialUnit.getShape().get(0);
    }

    /** Images [N, 3, H, W] in [0, 1] -> the scores, through the feature extractor (differentiable). */
    public SafetyCheckerScores score(NDArray images) {
        NDArray clipInput = featureExtractor.preprocess(images);
        SafetyCheckerScores scores = scorePixels(clipInput);
        clipInput.close();
        return scores;
    }

    /** Preprocessed {@code clip_input} -> the scores of {@code forward_onnx} (differentiable). */
    public SafetyCheckerScores scorePixels(NDArray clipInput) {
        ClipVisionOutput out = vision.forward(clipInput);
        out.hiddenStates().forEach(NDArray::close);
        out.pooledOutput().close();
        NDArray imageEmbeds = out.imageEmbeds();
        NDArray imageUnit = ClipModel.normalize(imageEmbeds);
        imageEmbeds.close();
        NDArray special = cosineMinusThreshold(imageUnit, specialUnit, specialThresholds);
        NDArray conceptRaw = cosineMinusThreshold(imageUnit, conceptUnit, conceptThresholds);
        imageUnit.close();
        // The adjustment is a step in the special scores: a constant for the gradient.
        NDArray adjustment;
        try (NDArray fired = special.gt(0f);
                NDArray asFloat = fired.toType(conceptRaw.getDataType(), false);
                NDArray any = asFloat.max(new int[] {1}, true)) {
            adjustment = Scalars.mul(any, SPECIAL_CARE_ADJUSTMENT);
        }
        NDArray concept = conceptRaw.add(adjustment);
        conceptRaw.close();
        adjustment.close();
        return new SafetyCheckerScores(concept, special);
    }

    private static NDArray cosineMinusThreshold(NDArray imageUnit, NDArray embedsUnit, NDArray thresholds) {
        try (NDArray embedsT = embedsUnit.transpose();
                NDArray cosine = imageUnit.matMul(embedsT)) {
            return cosine.sub(thresholds);
        }
    }

    private static void requireShape(StateDict weights, String key, NDArray array, long expected, int rank) {
        Shape shape = array.getShape();
        boolean ok = shape.dimension() == rank && (rank == 1 ? shape.get(0) == expected : shape.get(1) == expected);
        if (!ok) {
            throw new WeightsException(weights.source() + ": '" + key + "' has shape " + shape + "; expected "
                    + (rank == 1
                            ? "[" + expected + "] (one threshold per embedding)"
                            : "[concepts, " + expected + "] (the projection width)"));
        }
    }
}
