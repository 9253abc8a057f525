package dev.focusnfix.evaluation.tables;

/** Escaping of free text for HTML/XML, CSV fields and Markdown table cells. */
public final class TextEscapes {

    private TextEscapes() {}

    /**
     * Escapes text for HTML or XML content and quoted attribute values: {@code & < > " '} become entities, and
     * characters XML 1.0 forbids (control characters other than tab, newline and carriage return, lone surrogates,
     * U+FFFE/U+FFFF) are dropped so that an SVG stays well-formed whatever a prompt contains.
     */
    public static String html(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (allowedInXml(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * One CSV field after RFC 4180: quoted when it contains a comma, a double quote, a carriage return or a newline
     * (or starts or ends with a space, which some readers trim), with inner quotes doubled.
     */
    public static String csvField(String text) {
        if (text == null) {
            return "";
        }
        boolean quote = text.indexOf(',') >= 0
                || text.indexOf('"') >= 0
                || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0
                || (!text.isEmpty() && (text.charAt(0) == ' ' || text.charAt(text.length() - 1) == ' '));
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /**
     * Text for one Markdown (GFM) table cell: a pipe would end the cell, so it becomes {@code \|}; line breaks would
     * end the row, so they become spaces.
     */
    public static String markdownCell(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }

    private static boolean allowedInXml(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        if (c < 0x20 || Character.isSurrogate(c)) {
            return false;
        }
        return c != 0xFFFE && c != 0xFFFF;
    }
}
