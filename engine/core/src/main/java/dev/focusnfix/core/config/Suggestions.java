package dev.focusnfix.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean" hints: the valid names closest to a misspelt one by edit distance. */
public final class Suggestions {

    private Suggestions() {}

    /** The candidates within a small edit distance of {@code wrong}, closest first (at most three). */
    public static List<String> nearest(String wrong, Collection<String> candidates) {
        int limit = Math.max(2, wrong.length() / 3);
        String lower = wrong.toLowerCase(java.util.Locale.ROOT);
        return candidates.stream()
                .filter(c -> distance(lower, c.toLowerCase(java.util.Locale.ROOT)) <= limit
                        || c.toLowerCase(java.util.Locale.ROOT).startsWith(lower)
                        || lower.startsWith(c.toLowerCase(java.util.Locale.ROOT)))
                .sorted(Comparator.comparingInt((String c) -> distance(lower, c.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(3)
                .toList();
    }

    /** A sentence for an unknown name: the nearest valid ones, else every valid one. */
    public static String hint(String wrong, Collection<String> candidates) {
        List<String> near = nearest(wrong, candidates);
        if (!near.isEmpty()) {
            return "did you mean "
                    + String.join(" or ", near.stream().map(s -> "'" + s + "'").toList()) + "?";
        }
        if (candidates.isEmpty()) {
            return "none are available";
        }
        return "valid: " + String.join(", ", candidates.stream().sorted().toList());
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
