package dev.focusnfix.nn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of the CLIP tokenizer beyond the fixture cases, checked against reference ids and the vocabulary. */
class ClipBpeTokenizerTest {

    /** tiny-clip's expected.safetensors stores the ids of its two prompts (they decode to these texts). */
    @Test
    void reproducesTinyClipInputIds() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TestData.path("tiny-clip"));
        try (NDManager manager = NDManager.newBaseManager();
                StateDict expected =
                        StateDict.read(TestData.path("tiny-clip/expected.safetensors"), manager, DataType.FLOAT32)) {
            NDArray ids = expected.get("input_ids");
            long[] flat = ids.toLongArray();
            String[] prompts = {"a red box next to a blue box", "a photo of a deer"};
            for (int row = 0; row < prompts.length; row++) {
                int[] want = Arrays.stream(flat, row * 77, (row + 1) * 77)
                        .mapToInt(v -> (int) v)
                        .toArray();
                assertArrayEquals(want, tokenizer.encode(prompts[row]), prompts[row]);
            }
        }
    }

    @Test
    void mapsNonAsciiLettersThroughUtf8Bytes() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TestData.path("tiny-sd/tokenizer"));
        // ü is UTF-8 C3 BC, shown by the byte table as "Ã" "¼"; "ni", "c", "or", "n</w>" are merges of the vocabulary.
        assertEquals(List.of("Ã", "¼", "ni", "c", "or", "n</w>"), tokenizer.tokenize("ÜNICORN"));
    }

    @Test
    void splitsDigitsOneAtATimeAndKeepsSymbolRunsTogether() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TestData.path("tiny-sd/tokenizer"));
        assertEquals(List.of("4</w>", "2</w>", "!", "!</w>"), tokenizer.tokenize("42!!"));
    }

    @Test
    void collapsesWhitespaceAndLowerCases() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TestData.path("tiny-sd/tokenizer"));
        assertArrayEquals(tokenizer.encode("a red box"), tokenizer.encode("  A\tRED \n\n box "));
    }

    @Test
    void typedEndOfTextBecomesTheSpecialToken() throws IOException {
        ClipBpeTokenizer tokenizer = (ClipBpeTokenizer) Tokenizer.load(TestData.path("tiny-sd/tokenizer"));
        int[] ids = tokenizer.encode("box<|endoftext|>");
        assertEquals(tokenizer.endId(), ids[2]);
        assertEquals(List.of("box</w>", "<|endoftext|>"), tokenizer.tokenize("box<|endoftext|>"));
    }

    @Test
    void truncatesToMaxLengthKeepingTheEndToken() throws IOException {
        ClipBpeTokenizer tokenizer = (ClipBpeTokenizer) Tokenizer.load(TestData.path("tiny-sdxl/tokenizer_2"));
        String longPrompt = "a red box ".repeat(40);
        int[] ids = tokenizer.encode(longPrompt);
        assertEquals(77, ids.length);
        assertEquals(tokenizer.endId(), ids[76]);
        int[] expectedHead = tokenizer.encode("a red box");
        assertArrayEquals(Arrays.copyOfRange(expectedHead, 0, 4), Arrays.copyOfRange(ids, 0, 4));
    }
}
