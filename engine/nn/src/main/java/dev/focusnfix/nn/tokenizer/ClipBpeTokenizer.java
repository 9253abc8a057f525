package dev.focusnfix.nn.tokenizer;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.focusnfix.api.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLIP byte-level BPE tokenizer ({@code vocab.json} + {@code merges.txt}) with the reference's ftfy-free text
 * cleaning: control characters dropped, whitespace collapsed, lower-cased, then pre-tokenized by the CLIP pattern
 * (contractions, letter runs, single digits, runs of other symbols), byte-mapped and merged with {@code </w>} marking
 * word ends.
 */
public final class ClipBpeTokenizer extends VocabularyTokenizer {

    static final String VOCAB_FILE = "vocab.json";
    static final String MERGES_FILE = "merges.txt";
    /** The reference reads only the first 49152 - 256 - 2 merge lines after the header. */
    private static final int MAX_MERGES = 49152 - 256 - 2;

    private static final String START_TEXT = "<|startoftext|>";
    private static final String END_TEXT = "<|endoftext|>";
    private static final Pattern PRE_TOKEN = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    private final BpeMerges merges;
    private final BasicWordSplitter cleaner = new BasicWordSplitter(true, Boolean.FALSE, true, false, Set.of());

    /**
     * @param vocab token to id; must contain the four special tokens
     * @param merges merge pairs in rank order
     */
    public ClipBpeTokenizer(
            Map<String, Integer> vocab,
            List<String[]> merges,
            String startToken,
            String endToken,
            String unknownToken,
            String padToken,
            int maxLength) {
        super(vocab, VOCAB_FILE, "bos_token", startToken, "eos_token", endToken, unknownToken, padToken, maxLength);
        this.merges = new BpeMerges(merges);
    }

    /** Reads {@code vocab.json}, {@code merges.txt} and the special tokens of a CLIP tokenizer folder. */
    static ClipBpeTokenizer load(Path folder, TokenizerSettings settings, int maxLength) throws IOException {
        Map<String, Integer> vocab = readVocab(folder.resolve(VOCAB_FILE));
        List<String[]> merges = readMerges(folder.resolve(MERGES_FILE));
        try {
            return new ClipBpeTokenizer(
                    vocab,
                    merges,
                    settings.specialToken("bos_token", START_TEXT),
                    settings.specialToken("eos_token", END_TEXT),
                    settings.specialToken("unk_token", END_TEXT),
                    settings.specialToken("pad_token", END_TEXT),
                    maxLength);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(folder + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> readVocab(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Integer> vocab =
                    new Gson().fromJson(reader, new TypeToken<Map<String, Integer>>() {}.getType());
            if (vocab == null || vocab.isEmpty()) {
                throw new InvalidInputException(file + ": empty vocabulary");
            }
            for (Map.Entry<String, Integer> e : vocab.entrySet()) {
                if (e.getValue() == null || e.getValue() < 0) {
                    throw new InvalidInputException(file + ": token \"" + e.getKey() + "\" has id " + e.getValue()
                            + "; ids must be non-negative integers");
                }
            }
            return vocab;
        } catch (JsonParseException | NumberFormatException e) {
            throw new InvalidInputException(
                    file + ": expected a JSON object of token -> integer id: " + e.getMessage(), e);
        }
    }

    private static List<String[]> readMerges(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8)
                    .replace("\r\n", "\n")
                    .replace('\r', '\n');
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text; merges.txt holds one merge per line", e);
        }
        String[] lines = text.strip().split("\n", -1);
        List<String[]> merges = new ArrayList<>();
        // Line 0 is the "#version" header; the reference skips it unconditionally.
        for (int i = 1; i < lines.length && i <= MAX_MERGES; i++) {
            List<String> parts = PythonText.splitOnWhitespace(lines[i]);
            if (parts.size() == 2) {
                merges.add(new String[] {parts.get(0), parts.get(1)});
            } else {
                // Keep the rank slot so that later merges keep their ranks; an unmatchable pair never applies.
                merges.add(new String[] {"\u0000" + lines[i], "\u0000"});
            }
        }
        return merges;
    }

    @Override
    public List<String> tokenize(String text) {
        String cleaned = String.join(" ", cleaner.split(text));
        List<String> tokens = new ArrayList<>();
        Matcher matcher = PRE_TOKEN.matcher(cleaned);
        while (matcher.find()) {
            String preToken = matcher.group();
            if (preToken.equals(START_TEXT) || preToken.equals(END_TEXT)) {
                // Typed special tokens stay whole, as in the reference's BPE cache.
                tokens.add(preToken);
            } else {
                tokens.addAll(merges.apply(ByteToUnicode.encode(preToken)));
            }
        }
        return tokens;
    }
}
