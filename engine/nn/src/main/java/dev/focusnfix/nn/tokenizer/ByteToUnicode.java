package dev.focusnfix.nn.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2/CLIP's reversible byte-to-character table: printable Latin-1 bytes map to themselves, the remaining 68 bytes
 * (control characters, space, soft hyphen...) to code points 256 and up, so that BPE works on visible characters only.
 */
final class ByteToUnicode {

    private static final char[] TABLE = buildTable();

    private ByteToUnicode() {}

    private static char[] buildTable() {
        char[] table = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 256;
        for (int b = 0; b < 256; b++) {
            table[b] = printable[b] ? (char) b : (char) next++;
        }
        return table;
    }

    /** The UTF-8 bytes of {@code text}, each replaced by its table character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = TABLE[bytes[i] & 0xFF];
        }
        return new String(out);
    }
}
