package dev.focusnfix.plugins.guidance;

import dev.focusnfix.api.RunLayout;
import dev.focusnfix.api.SamplingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The run folder's record of a reward-guidance run ({@value #FILE_NAME}): the procedure and its settings, so that a
 * run folder says how its samples are to be drawn even though no weights were written. Written atomically (a
 * temporary file in the same folder, then a rename), so a reader never sees half a file.
 */
final class ProcedureDescription {

    /** The file name inside the run folder. */
    static final String FILE_NAME = RewardGuidanceTuner.ID + RunLayout.PROCEDURE_SUFFIX;

    private ProcedureDescription() {}

    /**
     * The JSON text.
     *
     * @param options the guidance settings
     * @param regionActive whether a region function restricts the guidance (RG + RC)
     * @param sampling the experiment's sampling settings, or null when unknown
     */
    static String json(RewardGuidanceOptions options, boolean regionActive, SamplingSettings sampling) {
        StringBuilder json = new StringBuilder("{\n");
        field(json, "tuner", quoted(RewardGuidanceTuner.ID));
        field(json, "method", quoted(regionActive ? "RG+RC" : "RG"));
        field(
                json,
                "update",
                quoted("eps_hat = eps - lambda * sqrt(1 - alphaBar_t) * clip(grad_x_t r(decode(x0_hat)),"
                        + " gradClip) * M"));
        field(json, "lambda", number(options.lambda()));
        field(json, "gradClip", number(options.gradClip()));
        field(json, "startFraction", number(options.startFraction()));
        if (sampling != null) {
            field(json, "steps", Integer.toString(sampling.steps()));
            field(json, "startStep", Integer.toString(options.startStep(sampling.steps())));
            field(json, "guidance", number(sampling.guidance()));
            field(json, "eta", number(sampling.eta()));
        }
        field(json, "useRegion", Boolean.toString(options.useRegion()));
        field(json, "regionActive", Boolean.toString(regionActive));
        field(json, "maskSource", quoted(options.maskSource().name().toLowerCase(Locale.ROOT)));
        json.append("  \"maskResize\": ")
                .append(quoted(options.maskResize().name().toLowerCase(Locale.ROOT)))
                .append("\n}\n");
        return json.toString();
    }

    /** Writes the record into {@code runDirectory} (created if missing) and returns its path. */
    static Path write(Path runDirectory, RewardGuidanceOptions options, boolean regionActive, SamplingSettings sampling)
            throws IOException {
        Path target = runDirectory.resolve(FILE_NAME);
        dev.focusnfix.sdk.io.OutputFiles.writeString(target, json(options, regionActive, sampling));
        return target;
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  ").append(quoted(name)).append(": ").append(value).append(",\n");
    }

    private static String number(float value) {
        return Float.isFinite(value) ? Float.toString(value) : "null";
    }

    /** A JSON string; the values written here are fixed ASCII text, so only quotes and backslashes need escaping. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
