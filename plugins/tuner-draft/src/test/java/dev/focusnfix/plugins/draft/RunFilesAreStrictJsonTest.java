package dev.focusnfix.plugins.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.focusnfix.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole short run through the command line, then every JSON and JSONL file it wrote parsed with a strict parser
 * (RFC 8259: no NaN, no Infinity, no comments, nothing after the value), as jq, browsers and Python's json read them.
 */
class RunFilesAreStrictJsonTest {

    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    @TempDir
    Path dir;

    @Test
    void everyJsonAndJsonlFileOfARunParsesStrictly() throws Exception {
        Path plugins = TinyRuns.plugins(dir);
        Path experiment = TinyRuns.experiment(dir, "strict", 2, true);
        StringWriter err = new StringWriter();
        int code = Main.execute(
                new String[] {"run", experiment.toString(), "--plugins-dir", plugins.toString()},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(Main.OK, code, err.toString());

        Path run = dir.resolve("runs/strict");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(run)) {
            files = walk.filter(
                            p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl"))
                    .toList();
        }
        assertTrue(
                files.contains(run.resolve("evaluation.json")) && files.contains(run.resolve("metrics.jsonl")),
                "the run wrote its JSON files: " + files);
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (file.toString().endsWith(".jsonl")) {
                List<String> lines = text.lines().toList();
                assertEquals(2, lines.size(), file + ": one line per step");
                for (String line : lines) {
                    parseStrictly(file + " line '" + line + "'", line);
                }
            } else {
                parseStrictly(file.toString(), text);
            }
        }
        // LPIPS is not configured: the value that does not exist is null, not NaN.
        String evaluation = Files.readString(run.resolve("evaluation.json"));
        assertTrue(evaluation.contains("\"lpips\": null"), evaluation);
    }

    private static void parseStrictly(String what, String text) throws IOException {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JSON.read(reader);
            assertEquals(JsonToken.END_DOCUMENT, reader.peek(), what + ": nothing after the value");
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + " is not strict JSON: " + e.getMessage(), e);
        }
    }
}
