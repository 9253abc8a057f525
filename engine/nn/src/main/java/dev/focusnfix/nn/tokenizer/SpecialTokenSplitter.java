package dev.focusnfix.nn.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Cuts a text at special tokens typed in it (e.g. {@code [SEP]}) before normal tokenization, as the reference BERT
 * tokenizer does, so that they become their own ids instead of being split into characters. Matching is exact
 * (case-sensitive); at one position the longest token wins.
 */
final class SpecialTokenSplitter {

    /** A piece of text: either plain text to tokenize or one special token. */
    record Segment(String text, boolean special) {}

    private final List<String> tokensLongestFirst;

    SpecialTokenSplitter(Set<String> specialTokens) {
        List<String> tokens = new ArrayList<>();
        for (String token : specialTokens) {
            if (token != null && !token.isEmpty()) {
                tokens.add(token);
            }
        }
        tokens.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        this.tokensLongestFirst = List.copyOf(tokens);
    }

    List<Segment> split(String text) {
        List<Segment> segments = new ArrayList<>();
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            String match = matchAt(text, i);
            if (match == null) {
                i++;
                continue;
            }
            if (i > plainStart) {
                segments.add(new Segment(text.substring(plainStart, i), false));
            }
            segments.add(new Segment(match, true));
            i += match.length();
            plainStart = i;
        }
        if (plainStart < text.length()) {
            segments.add(new Segment(text.substring(plainStart), false));
        }
        return segments;
    }

    private String matchAt(String text, int offset) {
        for (String token : tokensLongestFirst) {
            if (text.startsWith(token, offset)) {
                return token;
            }
        }
        return null;
    }
}
