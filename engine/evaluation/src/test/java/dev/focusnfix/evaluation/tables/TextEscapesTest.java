package dev.focusnfix.evaluation.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextEscapesTest {

    @Test
    void htmlEscapesMarkupAndDropsCharactersXmlForbids() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", TextEscapes.html("a <b> & \"c\" 'd'"));
        assertEquals(
                "bell: , tab:\t, emoji: \uD83D\uDE00", TextEscapes.html("bell: \u0007, tab:\t, emoji: \uD83D\uDE00"));
        assertEquals("lone ", TextEscapes.html("lone \uD83D"));
    }

    @Test
    void csvQuotesOnlyWhenNeeded() {
        assertEquals("plain", TextEscapes.csvField("plain"));
        assertEquals("\"a,b\"", TextEscapes.csvField("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", TextEscapes.csvField("say \"hi\""));
        assertEquals("\"two\nlines\"", TextEscapes.csvField("two\nlines"));
    }

    @Test
    void markdownCellsKeepTheirRow() {
        assertEquals("a \\| b c", TextEscapes.markdownCell("a | b\nc"));
    }
}
