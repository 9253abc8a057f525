package dev.focusnfix.nn.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reference "basic tokenizer" shared by BERT and (in its ftfy-free form) CLIP: drops control characters, isolates
 * CJK ideographs, NFC-normalises, splits on whitespace, lower-cases, optionally strips accents and optionally splits
 * punctuation into single-character words. Words listed as never-split (special tokens) pass through unchanged.
 */
final class BasicWordSplitter {

    private final boolean lowerCase;
    /** null: strip accents exactly when lower-casing (the BERT default). */
    private final Boolean stripAccents;

    private final boolean isolateCjk;
    private final boolean splitPunctuation;
    private final Set<String> neverSplit;

    BasicWordSplitter(
            boolean lowerCase,
            Boolean stripAccents,
            boolean isolateCjk,
            boolean splitPunctuation,
            Set<String> neverSplit) {
        this.lowerCase = lowerCase;
        this.stripAccents = stripAccents;
        this.isolateCjk = isolateCjk;
        this.splitPunctuation = splitPunctuation;
        this.neverSplit = Set.copyOf(neverSplit);
    }

    List<String> split(String text) {
        String cleaned = Normalizer.normalize(cleanAndIsolateCjk(text), Normalizer.Form.NFC);
        List<String> pieces = new ArrayList<>();
        for (String word : PythonText.splitOnWhitespace(cleaned)) {
            if (neverSplit.contains(word)) {
                pieces.add(word);
                continue;
            }
            String normalised = word;
            if (lowerCase) {
                normalised = normalised.toLowerCase(Locale.ROOT);
                if (!Boolean.FALSE.equals(stripAccents)) {
                    normalised = stripAccents(normalised);
                }
            } else if (Boolean.TRUE.equals(stripAccents)) {
                normalised = stripAccents(normalised);
            }
            if (splitPunctuation) {
                splitOnPunctuation(normalised, pieces);
            } else {
                pieces.add(normalised);
            }
        }
        // The reference re-joins with spaces and splits again: this drops words that became empty (e.g. a word made
        // only of combining accents) and splits words whose lower-case form contains whitespace.
        return PythonText.splitOnWhitespace(String.join(" ", pieces));
    }

    private String cleanAndIsolateCjk(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || PythonText.isBertControl(cp)) {
                continue;
            }
            if (PythonText.isBertWhitespace(cp)) {
                out.append(' ');
            } else if (isolateCjk && PythonText.isCjkIdeograph(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static String stripAccents(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static void splitOnPunctuation(String word, List<String> out) {
        StringBuilder current = null;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            i += Character.charCount(cp);
            if (PythonText.isBertPunctuation(cp)) {
                if (current != null) {
                    out.add(current.toString());
                    current = null;
                }
                out.add(new String(Character.toChars(cp)));
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                current.appendCodePoint(cp);
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
    }
}
