package dev.focusnfix.nn.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding of one pre-token: the last symbol carries the {@code </w>} end-of-word suffix, then the adjacent
 * pair with the lowest merge rank is merged everywhere (left to right, non-overlapping) until no ranked pair remains.
 */
final class BpeMerges {

    static final String END_OF_WORD = "</w>";
    /** Bounds the memo so that a long-running process tokenizing arbitrary prompts does not grow without limit. */
    private static final int CACHE_LIMIT = 100_000;

    private final Map<String, Integer> ranks;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    /** @param merges merge pairs in priority order (first = lowest rank = merged first) */
    BpeMerges(List<String[]> merges) {
        Map<String, Integer> byPair = new HashMap<>();
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] pair = merges.get(rank);
            // A repeated pair keeps its last rank, as a Python dict built from the list would.
            byPair.put(key(pair[0], pair[1]), rank);
        }
        this.ranks = byPair;
    }

    private static String key(String first, String second) {
        // '\n' never occurs inside a symbol (symbols are byte-mapped, newline maps to another character).
        return first + '\n' + second;
    }

    /** The symbols of {@code word} (already byte-mapped, non-empty) after all merges. */
    List<String> apply(String word) {
        List<String> cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        List<String> symbols = merge(word);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(word, symbols);
        return symbols;
    }

    private List<String> merge(String word) {
        List<String> symbols = new ArrayList<>();
        int[] codePoints = word.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            String symbol = new String(codePoints, i, 1);
            symbols.add(i == codePoints.length - 1 ? symbol + END_OF_WORD : symbol);
        }
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = ranks.get(key(symbols.get(i), symbols.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    first = symbols.get(i);
                    second = symbols.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); ) {
                if (i + 1 < symbols.size()
                        && symbols.get(i).equals(first)
                        && symbols.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i += 2;
                } else {
                    merged.add(symbols.get(i));
                    i++;
                }
            }
            symbols = merged;
        }
        return Collections.unmodifiableList(symbols);
    }
}
