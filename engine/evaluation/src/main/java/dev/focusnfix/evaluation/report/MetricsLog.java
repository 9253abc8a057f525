package dev.focusnfix.evaluation.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.focusnfix.api.MetricsRecord;
import dev.focusnfix.api.RunLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads a run's {@value RunLayout#METRICS}: one JSON object per line, one line per logged training step (the schema
 * of {@link MetricsRecord}, whose field names the constants here are), read into numeric series by field name.
 *
 * <p>Lenient where a live or crashed run needs it: fields may be missing from any line (NaN there), nested objects
 * are flattened with dots ({@code {"rewards": {"aesthetic": 1}}} gives {@code rewards.aesthetic}), {@code null},
 * {@code NaN} and {@code Infinity} are read as such, non-numeric fields are ignored, blank lines are skipped, and a
 * last line that does not parse (a run killed mid-write) is dropped and reported by {@link #truncatedLastLine()}.
 * A line without {@code step} takes the previous step plus one. A malformed line anywhere else is an error naming
 * the file and line: it means the file is not what the training loop wrote.
 */
public final class MetricsLog {

    /** The training step (the x axis). */
    public static final String STEP = MetricsRecord.STEP;
    /** Mean reward of the step's batch. */
    public static final String REWARD = MetricsRecord.REWARD;
    /** Focus-N-Fix constraint {@code ||(1 - M) * (I0 - I)||_F}. */
    public static final String CONSTRAINT = MetricsRecord.CONSTRAINT;
    /** The maximised objective {@code reward - beta * constraint}. */
    public static final String OBJECTIVE = MetricsRecord.OBJECTIVE;
    /** Global L2 norm of the LoRA gradient (before clipping). */
    public static final String GRAD_NORM = MetricsRecord.GRAD_NORM;
    /** The learning rate used at the step. */
    public static final String LEARNING_RATE = MetricsRecord.LEARNING_RATE;
    /** Wall-clock seconds of the step. */
    public static final String SECONDS = MetricsRecord.SECONDS;
    /** JVM heap in use, bytes. */
    public static final String HEAP_BYTES = MetricsRecord.HEAP_BYTES;
    /** Resident set size of the process, bytes. */
    public static final String RSS_BYTES = MetricsRecord.RSS_BYTES;

    private final String source;
    private final double[] steps;
    private final Map<String, double[]> fields;
    private final boolean truncatedLastLine;

    private MetricsLog(String source, double[] steps, Map<String, double[]> fields, boolean truncatedLastLine) {
        this.source = source;
        this.steps = steps;
        this.fields = fields;
        this.truncatedLastLine = truncatedLastLine;
    }

    /** Reads a metrics file (UTF-8). */
    public static MetricsLog read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the lines of a metrics file; {@code source} names it in error messages. */
    public static MetricsLog parse(List<String> lines, String source) throws IOException {
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        List<Map<String, Double>> records = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        boolean truncated = false;
        for (int i = 0; i <= last; i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Map<String, Double> record = new LinkedHashMap<>();
            try {
                JsonElement element = JsonParser.parseString(line);
                if (!element.isJsonObject()) {
                    throw new JsonParseException("expected a JSON object, got " + element);
                }
                flatten("", element.getAsJsonObject(), record);
            } catch (JsonParseException | IllegalStateException e) {
                if (i == last) {
                    truncated = true; // the writer was stopped mid-line; everything before it is intact
                    break;
                }
                throw new IOException(
                        source + " line " + (i + 1) + ": not a JSON object (" + e.getMessage()
                                + "); each line must be one object such as {\"step\": 1, \"reward\": 0.5}",
                        e);
            }
            records.add(record);
            names.addAll(record.keySet());
        }
        double[] steps = new double[records.size()];
        double previous = -1;
        for (int r = 0; r < records.size(); r++) {
            Double step = records.get(r).get(STEP);
            steps[r] = step != null && Double.isFinite(step) ? step : previous + 1;
            previous = steps[r];
        }
        names.remove(STEP);
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String name : names) {
            double[] values = new double[records.size()];
            for (int r = 0; r < records.size(); r++) {
                values[r] = records.get(r).getOrDefault(name, Double.NaN);
            }
            fields.put(name, values);
        }
        return new MetricsLog(source, steps, Collections.unmodifiableMap(fields), truncated);
    }

    private static void flatten(String prefix, JsonObject object, Map<String, Double> record) {
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            String name = prefix + entry.getKey();
            JsonElement value = entry.getValue();
            if (value.isJsonObject()) {
                flatten(name + ".", value.getAsJsonObject(), record);
            } else if (value.isJsonNull()) {
                record.put(name, Double.NaN);
            } else if (value.isJsonPrimitive()) {
                Double number = number(value.getAsJsonPrimitive());
                if (number != null) {
                    record.put(name, number);
                }
            }
            // arrays carry no per-step scalar: ignored
        }
    }

    private static Double number(JsonPrimitive primitive) {
        if (primitive.isNumber()) {
            return primitive.getAsDouble();
        }
        if (primitive.isString()) {
            String text = primitive.getAsString().trim();
            switch (text) {
                case "NaN", "nan" -> {
                    return Double.NaN;
                }
                case "Infinity", "inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity", "-inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    return null; // a label such as a phase name, not a metric
                }
            }
        }
        return null; // booleans
    }

    /** Where the log came from. */
    public String source() {
        return source;
    }

    /** The number of records (logged steps) read. */
    public int size() {
        return steps.length;
    }

    /** Whether an unparseable last line was dropped. */
    public boolean truncatedLastLine() {
        return truncatedLastLine;
    }

    /** The step of each record. */
    public double[] steps() {
        return steps.clone();
    }

    /** The numeric fields seen on any line, in first-seen order, without {@code step}. */
    public Set<String> fields() {
        return fields.keySet();
    }

    /** Whether {@code field} has at least one finite value. */
    public boolean hasData(String field) {
        double[] values = fields.get(field);
        if (values == null) {
            return false;
        }
        for (double v : values) {
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    /** The field against the step, NaN where a record lacks it; an all-NaN series if no record has it. */
    public Series series(String field) {
        double[] values = fields.get(field);
        if (values == null) {
            values = new double[steps.length];
            java.util.Arrays.fill(values, Double.NaN);
        }
        return new Series(field, steps, values);
    }

    /** The field's last finite value, if any. */
    public OptionalDouble last(String field) {
        double[] values = fields.get(field);
        if (values != null) {
            for (int i = values.length - 1; i >= 0; i--) {
                if (Double.isFinite(values[i])) {
                    return OptionalDouble.of(values[i]);
                }
            }
        }
        return OptionalDouble.empty();
    }
}
