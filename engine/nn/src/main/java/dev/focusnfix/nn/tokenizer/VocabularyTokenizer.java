package dev.focusnfix.nn.tokenizer;

import dev.focusnfix.api.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What both tokenizers share once text is split into sub-word tokens: the vocabulary, the ids of the special tokens,
 * and the fixed-length layout {@code start, content[: maxLength - 2], end, pad...}.
 */
abstract class VocabularyTokenizer implements Tokenizer {

    private final Map<String, Integer> vocab;
    private final String vocabFile;
    private final int startId;
    private final int endId;
    private final int unknownId;
    private final int padId;
    private final int maxLength;

    /**
     * @param startRole and {@code endRole}: the names of the start and end tokens in the tokenizer config, for
     *     messages ({@code unk_token} and {@code pad_token} are the same for both tokenizers)
     */
    VocabularyTokenizer(
            Map<String, Integer> vocab,
            String vocabFile,
            String startRole,
            String startToken,
            String endRole,
            String endToken,
            String unknownToken,
            String padToken,
            int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for start and end tokens: " + maxLength);
        }
        this.vocab = Map.copyOf(vocab);
        this.vocabFile = vocabFile;
        this.startId = requireId(startRole, startToken);
        this.endId = requireId(endRole, endToken);
        this.unknownId = requireId("unk_token", unknownToken);
        this.padId = requireId("pad_token", padToken);
        this.maxLength = maxLength;
    }

    private int requireId(String role, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new InvalidInputException(role + " \"" + token + "\" is not in " + vocabFile);
        }
        return id;
    }

    /** The vocabulary, token to id (unmodifiable). */
    final Map<String, Integer> vocab() {
        return vocab;
    }

    @Override
    public final int[] encode(String text) {
        List<String> tokens = tokenize(text);
        int[] ids = new int[maxLength];
        Arrays.fill(ids, padId);
        int kept = Math.min(tokens.size(), maxLength - 2);
        ids[0] = startId;
        for (int i = 0; i < kept; i++) {
            ids[1 + i] = vocab.getOrDefault(tokens.get(i), unknownId);
        }
        ids[1 + kept] = endId;
        return ids;
    }

    @Override
    public final int maxLength() {
        return maxLength;
    }

    @Override
    public final int padId() {
        return padId;
    }

    /** Id of the end token; CLIP's text encoder pools there. */
    public final int endId() {
        return endId;
    }
}
