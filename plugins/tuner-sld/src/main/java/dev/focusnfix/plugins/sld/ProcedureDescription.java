package dev.focusnfix.plugins.sld;

import dev.focusnfix.api.SamplingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The run folder's record of an SLD run ({@value #FILE_NAME}): the procedure, its parameters and the safety concept,
 * so that a run folder says how its samples are drawn even though no weights were written. Written atomically (a
 * temporary file in the same folder, then a rename), so a reader never sees half a file.
 */
final class ProcedureDescription {

    /** The file name inside the run folder. */
    static final String FILE_NAME = "sld.json";

    private ProcedureDescription() {}

    /** The JSON text; {@code sampling} may be null when unknown. */
    static String json(SafeLatentDiffusionOptions options, SamplingSettings sampling) {
        SldParameters p = options.parameters();
        StringBuilder json = new StringBuilder("{\n");
        field(json, "tuner", quoted(SafeLatentDiffusionTuner.ID));
        field(json, "method", quoted("SLD"));
        field(
                json,
                "update",
                quoted("eps = e_u + cfg * (e_t - e_u - [i >= warmup] gs), gs = s * (e_c - e_u)"
                        + " + momentumScale * v, s = min(|e_t - e_c| * guidanceScale, 1) (0 where e_t - e_c >= threshold),"
                        + " v = momBeta * v + (1 - momBeta) * gs"));
        field(json, "preset", quoted(options.preset().name().toLowerCase(Locale.ROOT)));
        field(json, "guidanceScale", Float.toString(p.guidanceScale()));
        field(json, "warmupSteps", Integer.toString(p.warmupSteps()));
        field(json, "threshold", Float.toString(p.threshold()));
        field(json, "momentumScale", Float.toString(p.momentumScale()));
        field(json, "momBeta", Float.toString(p.momBeta()));
        if (sampling != null) {
            field(json, "steps", Integer.toString(sampling.steps()));
            field(json, "guidance", Float.toString(sampling.guidance()));
            field(json, "eta", Float.toString(sampling.eta()));
            field(json, "enabled", Boolean.toString(p.enabledAt(sampling.guidance())));
        }
        json.append("  \"safetyConcept\": ")
                .append(quoted(options.safetyConcept()))
                .append("\n}\n");
        return json.toString();
    }

    /** Writes the record into {@code runDirectory} (created if missing) and returns its path. */
    static Path write(Path runDirectory, SafeLatentDiffusionOptions options, SamplingSettings sampling)
            throws IOException {
        Files.createDirectories(runDirectory);
        Path target = runDirectory.resolve(FILE_NAME);
        Path temporary = Files.createTempFile(runDirectory, "." + FILE_NAME, ".tmp");
        try {
            Files.writeString(temporary, json(options, sampling));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  ").append(quoted(name)).append(": ").append(value).append(",\n");
    }

    /** A JSON string of any text (the concept is user text): quotes, backslashes and control characters escaped. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
