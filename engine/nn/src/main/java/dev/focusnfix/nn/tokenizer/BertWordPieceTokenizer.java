package dev.focusnfix.nn.tokenizer;

import dev.focusnfix.api.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The BERT WordPiece tokenizer ({@code vocab.txt}, one token per line, id = line number) as the LDM text-to-image
 * pipeline uses it: basic splitting (lower-casing and accent stripping per {@code do_lower_case}/{@code strip_accents},
 * punctuation and CJK characters as separate words), WordPiece, then {@code [CLS] ... [SEP]} and {@code [PAD]}.
 */
public final class BertWordPieceTokenizer extends VocabularyTokenizer {

    static final String VOCAB_FILE = "vocab.txt";
    /** The reference's max_input_chars_per_word. */
    private static final int MAX_CHARS_PER_WORD = 100;

    private final SpecialTokenSplitter specialTokens;
    private final BasicWordSplitter basicSplitter;
    private final WordPiece wordPiece;

    /** Special tokens, in the order {@code [CLS], [SEP], [UNK], [PAD], [MASK]} of the reference's configuration. */
    public record SpecialTokens(String cls, String sep, String unk, String pad, String mask) {
        /** BERT's usual tokens. */
        public static SpecialTokens standard() {
            return new SpecialTokens("[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]");
        }
    }

    /**
     * @param stripAccents null: strip exactly when lower-casing (BERT's default)
     */
    public BertWordPieceTokenizer(
            Map<String, Integer> vocab,
            SpecialTokens tokens,
            boolean lowerCase,
            Boolean stripAccents,
            boolean isolateCjk,
            int maxLength) {
        super(
                vocab,
                VOCAB_FILE,
                "cls_token",
                tokens.cls(),
                "sep_token",
                tokens.sep(),
                tokens.unk(),
                tokens.pad(),
                maxLength);
        Set<String> special = new LinkedHashSet<>(List.of(tokens.cls(), tokens.sep(), tokens.unk(), tokens.pad()));
        if (tokens.mask() != null) {
            special.add(tokens.mask());
        }
        this.specialTokens = new SpecialTokenSplitter(special);
        this.basicSplitter = new BasicWordSplitter(lowerCase, stripAccents, isolateCjk, true, special);
        this.wordPiece = new WordPiece(vocab(), tokens.unk(), MAX_CHARS_PER_WORD);
    }

    static BertWordPieceTokenizer load(Path folder, TokenizerSettings settings, int maxLength) throws IOException {
        if (!settings.flag("do_basic_tokenize", true)) {
            throw new InvalidInputException(
                    folder.resolve(TokenizerSettings.CONFIG_FILE) + ": do_basic_tokenize=false is not supported");
        }
        Map<String, Integer> vocab = readVocab(folder.resolve(VOCAB_FILE));
        SpecialTokens tokens = new SpecialTokens(
                settings.specialToken("cls_token", "[CLS]"),
                settings.specialToken("sep_token", "[SEP]"),
                settings.specialToken("unk_token", "[UNK]"),
                settings.specialToken("pad_token", "[PAD]"),
                settings.specialToken("mask_token", "[MASK]"));
        try {
            return new BertWordPieceTokenizer(
                    vocab,
                    tokens,
                    settings.flag("do_lower_case", true),
                    settings.optionalFlag("strip_accents"),
                    settings.flag("tokenize_chinese_chars", true),
                    maxLength);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(folder + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> readVocab(Path file) throws IOException {
        Map<String, Integer> vocab = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int index = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // A repeated token keeps its last line number, as the reference's dict does.
                vocab.put(line, index++);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text; vocab.txt holds one token per line", e);
        }
        if (vocab.isEmpty()) {
            throw new InvalidInputException(file + ": empty vocabulary");
        }
        return vocab;
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        for (SpecialTokenSplitter.Segment segment : specialTokens.split(text)) {
            if (segment.special()) {
                tokens.add(segment.text());
                continue;
            }
            for (String word : basicSplitter.split(segment.text())) {
                wordPiece.split(word, tokens);
            }
        }
        return tokens;
    }
}
