package dev.focusnfix.core.evaluation;

import com.google.gson.Gson;
import dev.focusnfix.nn.io.AtomicFiles;
import dev.focusnfix.nn.io.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes {@code evaluation.json} as strict JSON: a value that is not measured (NaN, e.g. LPIPS without
 * weights) or not finite (the PSNR of identical images) is {@code null}, and {@code null} reads back as NaN.
 */
public final class EvaluationFiles {

    private static final Gson GSON = StrictJson.builder().setPrettyPrinting().create();

    private EvaluationFiles() {}

    /** Writes a summary atomically. */
    public static void write(Path file, EvaluationSummary summary) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(summary) + "\n");
    }

    /** Reads a summary; a missing file says which command makes it. */
    public static EvaluationSummary read(Path file) throws IOException {
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), EvaluationSummary.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "no evaluation in this run folder; run 'framework eval " + file.getParent() + "' first");
        }
    }
}
