import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Parses every {@code *.json} file (as one value) and every {@code *.jsonl} file (a value per line) under the given
 * folders with Gson's strict parser: no NaN, no Infinity, nothing after the value. Run with the distribution's lib/
 * on the class path: {@code java -cp "lib/*" StrictJsonCheck.java DIR...}. Exits 1 naming the first bad file.
 */
public final class StrictJsonCheck {

    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    public static void main(String[] args) throws Exception {
        int checked = 0;
        for (String arg : args) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(Path.of(arg))) {
                files = walk.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl")).toList();
            }
            for (Path file : files) {
                String text = Files.readString(file);
                List<String> values = file.toString().endsWith(".jsonl") ? text.lines().toList() : List.of(text);
                for (String value : values) {
                    try (JsonReader reader = new JsonReader(new StringReader(value))) {
                        reader.setStrictness(Strictness.STRICT);
                        JSON.read(reader);
                        if (reader.peek() != JsonToken.END_DOCUMENT) {
                            throw new IllegalStateException("data after the value");
                        }
                    } catch (Exception e) {
                        System.err.println("NOT STRICT JSON: " + file + ": " + e.getMessage());
                        System.exit(1);
                    }
                }
                checked++;
            }
        }
        if (checked == 0) {
            System.err.println("no JSON files found under " + List.of(args));
            System.exit(1);
        }
        System.out.println("strict JSON: " + checked + " file(s)");
    }
}
