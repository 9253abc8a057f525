package dev.focusnfix.training.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.MetricsRecord;
import dev.focusnfix.api.RunLayout;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the per-step metrics of a run, one JSON object per line in {@value RunLayout#METRICS}, in the schema of
 * {@link MetricsRecord} (its field names, in its order): values that are not finite are written as {@code null}, so
 * every line stays valid JSON; the loss scale appears only in runs that scale their loss, and {@code skipped} (the
 * reason) only when the update was skipped.
 */
public final class MetricsLog {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private final Path file;

    /** Appends to {@code file}. */
    public MetricsLog(Path file) {
        this.file = file;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Appends one step's line (and flushes it to the file). */
    public void append(StepMetrics m) throws IOException {
        append(m.toRecord());
    }

    /** Appends one line (and flushes it to the file). */
    public void append(MetricsRecord m) throws IOException {
        JsonObject line = new JsonObject();
        line.addProperty(MetricsRecord.STEP, m.step());
        number(line, MetricsRecord.REWARD, m.reward());
        number(line, MetricsRecord.CONSTRAINT, m.constraint());
        number(line, MetricsRecord.OBJECTIVE, m.objective());
        number(line, MetricsRecord.GRAD_NORM, m.gradNorm());
        number(line, MetricsRecord.LEARNING_RATE, m.learningRate());
        number(line, MetricsRecord.SECONDS, m.seconds());
        line.addProperty(MetricsRecord.HEAP_BYTES, m.heapBytes());
        line.addProperty(MetricsRecord.RSS_BYTES, m.rssBytes());
        line.addProperty(MetricsRecord.PEAK_RSS_BYTES, m.peakRssBytes());
        if (m.lossScale() != null) {
            number(line, MetricsRecord.LOSS_SCALE, m.lossScale());
            line.addProperty(MetricsRecord.LOSS_SCALE_EVENT, m.lossScaleEvent());
        }
        if (m.skipped() != null) {
            line.addProperty(MetricsRecord.SKIPPED, m.skipped());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(GSON.toJson(line));
            out.write('\n');
        }
    }

    /**
     * Keeps only the lines of steps up to {@code step} (a run resumed from the checkpoint of that step re-runs the
     * later ones), rewriting the file atomically; lines that do not parse are dropped.
     */
    public void truncateAfter(int step) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                JsonElement parsed = JsonParser.parseString(line);
                if (parsed.isJsonObject()
                        && parsed.getAsJsonObject().has(MetricsRecord.STEP)
                        && parsed.getAsJsonObject().get(MetricsRecord.STEP).getAsInt() <= step) {
                    kept.add(line);
                }
            } catch (RuntimeException e) {
                // A line cut short by a crash: dropped.
            }
        }
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, kept, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void number(JsonObject line, String key, double value) {
        if (Double.isFinite(value)) {
            line.addProperty(key, value);
        } else {
            line.add(key, JsonNull.INSTANCE);
        }
    }
}
