package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.image.Crop;
import dev.focusnfix.nn.image.Normalize;
import dev.focusnfix.nn.image.Resize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CLIP's image preprocessing, as {@code preprocessor_config.json} describes it, done inside the autograd graph on
 * images in [0, 1]: resize so that the shorter side is {@code size.shortest_edge} (keeping the aspect ratio), centre
 * crop to {@code crop_size}, normalise with {@code image_mean} / {@code image_std}.
 *
 * <p>The resize uses PyTorch's differentiable {@code interpolate} kernels ({@code resample} 3: bicubic, 2: bilinear;
 * no antialiasing), not PIL's, so that rewards can back-propagate to the pixels, as DRaFT does. {@code do_rescale}
 * is not applied: the images already are in [0, 1].
 *
 * @param shortestEdge target of the shorter side, or 0 when {@code size} gives an exact {@code height x width}
 * @param resizeHeight exact resize height when {@code shortestEdge} is 0
 * @param resizeWidth exact resize width when {@code shortestEdge} is 0
 */
@Experimental
public record ClipImageProcessor(
        boolean doResize,
        int shortestEdge,
        int resizeHeight,
        int resizeWidth,
        Interpolation interpolation,
        boolean doCenterCrop,
        int cropHeight,
        int cropWidth,
        boolean doNormalize,
        float[] imageMean,
        float[] imageStd) {

    /** The name of the file in a CLIPModel folder. */
    public static final String FILE_NAME = "preprocessor_config.json";

    /** OpenAI CLIP's normalisation constants, transformers' defaults. */
    static final float[] OPENAI_CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

    static final float[] OPENAI_CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    /** PIL's resample codes as the configs store them. */
    private static final int PIL_BILINEAR = 2;

    private static final int PIL_BICUBIC = 3;

    /** Reads a {@code preprocessor_config.json}; absent keys take transformers' CLIPImageProcessor defaults. */
    public static ClipImageProcessor read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Missing image preprocessor config: " + file);
        }
        return from(ConfigJson.readObject(file), file.toString());
    }

    /** Interprets the JSON object of a preprocessor config; {@code source} names it in error messages. */
    public static ClipImageProcessor from(JsonObject json, String source) {
        ConfigJson config = new ConfigJson(json, source);
        int shortestEdge = 224;
        int resizeHeight = 0;
        int resizeWidth = 0;
        JsonElement size = json.get("size");
        if (size != null && size.isJsonObject()) {
            ConfigJson sizeConfig = config.object("size");
            if (sizeConfig.has("shortest_edge")) {
                shortestEdge = sizeConfig.positive("shortest_edge", 224);
            } else if (sizeConfig.has("height") && sizeConfig.has("width")) {
                shortestEdge = 0;
                resizeHeight = sizeConfig.positive("height", 224);
                resizeWidth = sizeConfig.positive("width", 224);
            } else {
                throw config.error("size", "must hold shortest_edge, or height and width, got " + size);
            }
        } else if (size != null && !size.isJsonNull()) {
            // Old configs store a bare integer: the shortest edge.
            shortestEdge = config.positive("size", 224);
        }

        int cropHeight = 224;
        int cropWidth = 224;
        JsonElement crop = json.get("crop_size");
        if (crop != null && crop.isJsonObject()) {
            ConfigJson cropConfig = config.object("crop_size");
            cropHeight = cropConfig.positive("height", 224);
            cropWidth = cropConfig.positive("width", 224);
        } else if (crop != null && !crop.isJsonNull()) {
            cropHeight = config.positive("crop_size", 224);
            cropWidth = cropHeight;
        }

        int resample = config.integer("resample", PIL_BICUBIC);
        Interpolation interpolation;
        if (resample == PIL_BICUBIC) {
            interpolation = Interpolation.BICUBIC;
        } else if (resample == PIL_BILINEAR) {
            interpolation = Interpolation.BILINEAR;
        } else {
            throw config.error(
                    "resample",
                    "is " + resample + "; only 3 (bicubic) and 2 (bilinear) have a differentiable equivalent here");
        }

        return new ClipImageProcessor(
                config.bool("do_resize", true),
                shortestEdge,
                resizeHeight,
                resizeWidth,
                interpolation,
                config.bool("do_center_crop", true),
                cropHeight,
                cropWidth,
                config.bool("do_normalize", true),
                floats(config, json, "image_mean", OPENAI_CLIP_MEAN),
                floats(config, json, "image_std", OPENAI_CLIP_STD));
    }

    /**
     * Turns images [N, C, H, W] in [0, 1] into the pixel values the vision tower expects, differentiably; the result
     * lives in the images' manager.
     */
    public NDArray preprocess(NDArray images) {
        NDArray x = images;
        if (doResize) {
            NDArray resized = shortestEdge > 0
                    ? Resize.shortestEdge(x, shortestEdge, interpolation)
                    : Resize.resize(x, resizeHeight, resizeWidth, interpolation);
            x = resized;
        }
        if (doCenterCrop) {
            NDArray cropped = Crop.center(x, cropHeight, cropWidth);
            closeIntermediate(x, images);
            x = cropped;
        }
        if (doNormalize) {
            NDArray normalized = Normalize.channels(x, imageMean, imageStd);
            closeIntermediate(x, images);
            x = normalized;
        }
        // A fresh array that stays in the autograd graph (duplicate() would detach it).
        return x == images ? Scalars.mul(images, 1) : x;
    }

    private static void closeIntermediate(NDArray x, NDArray input) {
        if (x != input) {
            x.close();
        }
    }

    private static float[] floats(ConfigJson config, JsonObject json, String key, float[] fallback) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback.clone();
        }
        if (!value.isJsonArray()) {
            throw config.error(key, "must be a list of numbers, got " + value);
        }
        JsonArray array = value.getAsJsonArray();
        float[] result = new float[array.size()];
        for (int i = 0; i < result.length; i++) {
            try {
                result[i] = array.get(i).getAsFloat();
            } catch (UnsupportedOperationException | NumberFormatException | IllegalStateException e) {
                throw config.error(key, "must be a list of numbers, got " + value);
            }
        }
        return result;
    }
}
