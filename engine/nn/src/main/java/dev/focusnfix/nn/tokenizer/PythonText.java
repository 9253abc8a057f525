package dev.focusnfix.nn.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Character classes and string helpers with the exact semantics of the Python reference tokenizers (code point
 * based, Python's notion of whitespace), so that Java and Python split the same text the same way.
 */
final class PythonText {

    private PythonText() {}

    /** Python's {@code str.isspace()}: bidi classes WS/B/S or category Zs. */
    static boolean isPythonSpace(int cp) {
        switch (cp) {
            case '\t':
            case '\n':
            case 0x0B:
            case 0x0C:
            case '\r':
            case 0x1C:
            case 0x1D:
            case 0x1E:
            case 0x1F:
            case ' ':
            case 0x85:
            case 0x2028:
            case 0x2029:
                return true;
            default:
                return Character.getType(cp) == Character.SPACE_SEPARATOR;
        }
    }

    /** The BERT reference's {@code _is_whitespace}: space, tab, newline, carriage return or category Zs. */
    static boolean isBertWhitespace(int cp) {
        return cp == ' '
                || cp == '\t'
                || cp == '\n'
                || cp == '\r'
                || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** The BERT reference's {@code _is_control}: any "C*" category except tab, newline and carriage return. */
    static boolean isBertControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.UNASSIGNED:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }

    /** The BERT reference's {@code _is_punctuation}: all non-alphanumeric ASCII, or any "P*" category. */
    static boolean isBertPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    /** The CJK Unified Ideograph blocks the BERT reference isolates as single-character words. */
    static boolean isCjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Python's argument-less {@code str.split()}: runs of whitespace separate words, no empty words. */
    static List<String> splitOnWhitespace(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isPythonSpace(cp)) {
                if (start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }
}
