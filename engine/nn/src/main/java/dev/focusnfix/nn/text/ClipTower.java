package dev.focusnfix.nn.text;

import dev.focusnfix.nn.config.ConfigJson;

/**
 * One tower's part of a CLIP {@code config.json}: either a single-tower config ({@code CLIPTextModel},
 * {@code CLIPVisionModel}, each optionally {@code WithProjection}) or a {@code CLIPModel} config's
 * {@code text_config} / {@code vision_config}, which always comes with the shared projection.
 *
 * @param config the keys of the tower
 * @param projectionDim {@code projection_dim} (default 512); only used when {@code withProjection}
 * @param withProjection whether the checkpoint has the tower's projection
 */
public record ClipTower(ConfigJson config, int projectionDim, boolean withProjection) {

    /** Which tower. */
    public enum Kind {
        TEXT("text", "CLIPTextModel"),
        VISION("vision", "CLIPVisionModel");

        private final String name;
        private final String architecture;

        Kind(String name, String architecture) {
            this.name = name;
            this.architecture = architecture;
        }
    }

    /** Selects the tower of {@code kind} in a single-tower or a CLIPModel config. */
    public static ClipTower select(ConfigJson config, Kind kind) {
        String section = kind.name + "_config";
        String modelType = config.string("model_type", null);
        if (config.has(section) || "clip".equals(modelType)) {
            return new ClipTower(config.object(section), config.positive("projection_dim", 512), true);
        }
        String expectedType = "clip_" + kind.name + "_model";
        if (modelType != null && !modelType.equals(expectedType)) {
            throw config.error(
                    "model_type",
                    "\"" + modelType + "\" is not a CLIP " + kind.name + " model (expected " + expectedType + ")");
        }
        String plain = kind.architecture;
        String projected = plain + "WithProjection";
        String architecture = config.architecture();
        boolean withProjection;
        if (architecture == null || architecture.equals(plain)) {
            withProjection = false;
        } else if (architecture.equals(projected)) {
            withProjection = true;
        } else {
            throw config.error(
                    "architectures",
                    "\"" + architecture + "\" is not supported here (expected " + plain + " or " + projected + ")");
        }
        return new ClipTower(config, config.positive("projection_dim", 512), withProjection);
    }
}
