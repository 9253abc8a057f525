package dev.focusnfix.nn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.focusnfix.api.testkit.TestData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour of the BERT WordPiece tokenizer beyond the fixture cases. */
class BertWordPieceTokenizerTest {

    private static BertWordPieceTokenizer tiny(boolean lowerCase, Boolean stripAccents) {
        Map<String, Integer> vocab = Map.ofEntries(
                Map.entry("[PAD]", 0),
                Map.entry("[UNK]", 1),
                Map.entry("[CLS]", 2),
                Map.entry("[SEP]", 3),
                Map.entry("[MASK]", 4),
                Map.entry("un", 5),
                Map.entry("##i", 6),
                Map.entry("##corn", 7),
                Map.entry("!", 8),
                Map.entry("猫", 9),
                Map.entry("ü", 10),
                Map.entry("Un", 11));
        return new BertWordPieceTokenizer(
                vocab, BertWordPieceTokenizer.SpecialTokens.standard(), lowerCase, stripAccents, true, 12);
    }

    @Test
    void greedyLongestMatchWithContinuations() {
        assertEquals(List.of("un", "##i", "##corn"), tiny(true, null).tokenize("Ünicorn"));
    }

    @Test
    void wordWithAnUnmatchedRemainderIsUnknownAsAWhole() {
        assertEquals(List.of("[UNK]", "!"), tiny(true, null).tokenize("unicornx!"));
    }

    @Test
    void accentsAreKeptWhenStripAccentsIsFalse() {
        assertEquals(List.of("ü"), tiny(true, false).tokenize("Ü"));
    }

    @Test
    void caseIsKeptWithoutLowerCasing() {
        assertEquals(List.of("Un", "##i", "##corn"), tiny(false, null).tokenize("Unicorn"));
    }

    @Test
    void cjkIdeographsAreSeparateWords() {
        assertEquals(List.of("猫", "un", "猫"), tiny(true, null).tokenize("猫un猫"));
    }

    @Test
    void typedSpecialTokensStayWhole() {
        BertWordPieceTokenizer tokenizer = tiny(true, null);
        assertEquals(List.of("un", "[SEP]", "un"), tokenizer.tokenize("un[SEP]un"));
        int[] ids = tokenizer.encode("un[SEP]un");
        assertEquals(List.of(2, 5, 3, 5, 3, 0), List.of(ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]));
    }

    @Test
    void overlongWordsAreUnknown() {
        assertEquals(List.of("[UNK]"), tiny(true, null).tokenize("un".repeat(51)));
    }

    @Test
    void ldmFolderPadsWithZerosToSeventySeven() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TestData.path("tiny-ldm/tokenizer"), 77);
        int[] ids = tokenizer.encode("");
        assertEquals(77, ids.length);
        assertEquals(2, ids[0]);
        assertEquals(3, ids[1]);
        assertEquals(0, ids[76]);
        assertEquals(0, tokenizer.padId());
    }
}
