package dev.focusnfix.sdk.clip;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.text.ClipEncoderConfig;
import dev.focusnfix.nn.text.ClipTower;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The configuration of a CLIP vision tower ({@code CLIPVisionModel}, {@code CLIPVisionModelWithProjection}, or the
 * {@code vision_config} of a {@code CLIPModel}).
 *
 * @param encoder the transformer stack
 * @param imageSize side of the square input the position table is built for
 * @param patchSize side of one square patch (the patch embedding's kernel and stride)
 * @param numChannels input channels
 * @param projectionDim output width of {@code visual_projection}; only used when {@code withProjection}
 * @param withProjection whether the checkpoint has {@code visual_projection.weight}
 */
@Experimental
public record ClipVisionConfig(
        ClipEncoderConfig encoder,
        int imageSize,
        int patchSize,
        int numChannels,
        int projectionDim,
        boolean withProjection) {

    /** Reads {@code config.json} of a vision model folder (or a CLIPModel folder's vision tower). */
    public static ClipVisionConfig read(Path configFile) throws IOException {
        return from(ConfigJson.read(configFile));
    }

    /** Interprets a vision-model config, or a CLIPModel config (its {@code vision_config} plus the projection). */
    static ClipVisionConfig from(ConfigJson config) {
        ClipTower tower = ClipTower.select(config, ClipTower.Kind.VISION);
        ConfigJson vision = tower.config();
        // Defaults are those of transformers' CLIPVisionConfig (ViT-B/32).
        ClipEncoderConfig encoder = ClipEncoderConfig.from(vision, 768, 3072, 12, 12);
        int imageSize = vision.positive("image_size", 224);
        int patchSize = vision.positive("patch_size", 32);
        if (imageSize % patchSize != 0) {
            throw vision.error("patch_size", "(" + patchSize + ") must divide image_size (" + imageSize + ")");
        }
        return new ClipVisionConfig(
                encoder,
                imageSize,
                patchSize,
                vision.positive("num_channels", 3),
                tower.projectionDim(),
                tower.withProjection());
    }

    /** Patches per side. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Length of the token sequence: one class token plus one token per patch. */
    public int numPositions() {
        return gridSize() * gridSize() + 1;
    }
}
