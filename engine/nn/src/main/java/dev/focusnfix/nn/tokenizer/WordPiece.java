package dev.focusnfix.nn.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Greedy longest-match-first WordPiece: a word becomes the longest vocabulary prefix, then the longest
 * {@code ##}-prefixed continuations; if any remainder has no match, or the word is too long, the whole word is the
 * unknown token.
 */
final class WordPiece {

    static final String CONTINUATION = "##";

    private final Map<String, Integer> vocab;
    private final String unknownToken;
    private final int maxCharsPerWord;

    WordPiece(Map<String, Integer> vocab, String unknownToken, int maxCharsPerWord) {
        this.vocab = vocab;
        this.unknownToken = unknownToken;
        this.maxCharsPerWord = maxCharsPerWord;
    }

    /** Appends the pieces of one whitespace-free word to {@code out}. */
    void split(String word, List<String> out) {
        int[] chars = word.codePoints().toArray();
        if (chars.length > maxCharsPerWord) {
            out.add(unknownToken);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < chars.length) {
            String match = null;
            int end = chars.length;
            while (start < end) {
                String candidate = new String(chars, start, end - start);
                if (start > 0) {
                    candidate = CONTINUATION + candidate;
                }
                if (vocab.containsKey(candidate)) {
                    match = candidate;
                    break;
                }
                end--;
            }
            if (match == null) {
                out.add(unknownToken);
                return;
            }
            pieces.add(match);
            start = end;
        }
        out.addAll(pieces);
    }
}
