package dev.focusnfix.nn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.testkit.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every case of the fixtures' expected tokenizer outputs ({@code cases[].text -> cases[].input_ids}). */
class TokenizerReferenceTest {

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
        "tiny-sd/tokenizer, tiny-sd/expected/tokenizer.json, ClipBpeTokenizer",
        "tiny-sdxl/tokenizer, tiny-sdxl/expected/tokenizer.json, ClipBpeTokenizer",
        "tiny-sdxl/tokenizer_2, tiny-sdxl/expected/tokenizer_2.json, ClipBpeTokenizer",
        "tiny-ldm/tokenizer, tiny-ldm/expected/tokenizer.json, BertWordPieceTokenizer",
    })
    void reproducesEveryReferenceCase(String folder, String expectedFile, String implementation) throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TestData.path(folder));
        assertEquals(implementation, tokenizer.getClass().getSimpleName());

        JsonObject expected = JsonParser.parseString(
                        Files.readString(TestData.path(expectedFile), StandardCharsets.UTF_8))
                .getAsJsonObject();
        int maxLength = expected.get("max_length").getAsInt();
        assertEquals(maxLength, tokenizer.maxLength());
        JsonArray cases = expected.getAsJsonArray("cases");
        assertTrue(cases.size() >= 5, "fixture has its cases");
        for (JsonElement element : cases) {
            JsonObject testCase = element.getAsJsonObject();
            String text = testCase.get("text").getAsString();
            JsonArray ids = testCase.getAsJsonArray("input_ids");
            int[] want = new int[ids.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = ids.get(i).getAsInt();
            }
            assertArrayEquals(
                    want,
                    tokenizer.encode(text),
                    () -> folder + ": \"" + text + "\" tokens " + tokenizer.tokenize(text));
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-sd/tokenizer", "tiny-ldm/tokenizer"})
    void factoryPicksImplementationFromFiles(String folder) throws IOException {
        Path path = TestData.path(folder);
        Tokenizer tokenizer = Tokenizer.load(path, 16);
        assertEquals(16, tokenizer.encode("a red box").length);
        if (Files.exists(path.resolve("vocab.txt"))) {
            assertInstanceOf(BertWordPieceTokenizer.class, tokenizer);
        } else {
            assertInstanceOf(ClipBpeTokenizer.class, tokenizer);
        }
    }
}
