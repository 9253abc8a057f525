package dev.focusnfix.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.evaluation.tables.ComparisonTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path folder;

    @Test
    void containsEveryImageEveryTableRowTheEscapedYamlAndTheCharts() throws Exception {
        SampleReportFixture fixture = SampleReportFixture.create(folder);
        String html = Files.readString(fixture.html, StandardCharsets.UTF_8);

        for (SampleRow row : fixture.rows) {
            for (SampleColumn column : SampleColumn.values()) {
                String path = row.images().get(column).toString().replace('\\', '/');
                boolean exists = Files.isRegularFile(folder.resolve(row.images().get(column)));
                assertEquals(exists, html.contains("<img src=\"" + path + "\""), path);
                if (!exists) {
                    assertTrue(
                            html.contains("<div class=\"missing\">not available<code>" + path + "</code></div>"),
                            "placeholder for " + path);
                }
            }
        }
        assertTrue(html.contains("<img src=\"samples/000-seed1000-base.png\""));
        assertFalse(Files.exists(folder.resolve("samples/001-seed1000-saliency.png")));

        String table = ComparisonTable.ofMethods(fixture.results).toHtml();
        for (String row : table.split("\n")) {
            if (row.startsWith("<tr>")) {
                assertTrue(html.contains(row), "table row " + row);
            }
        }
        assertEquals(5, countOf(html, "<tr><td>"), "five methods");

        assertTrue(html.contains("beta: 5.0e-4        # &lt;not&gt; &amp; &quot;quoted&quot;"), "escaped YAML");
        assertTrue(html.contains("prompts: [&quot;a &lt;b&gt;bold&lt;/b&gt; cat&quot;, &#39;dog &amp; bird&#39;]"));
        assertFalse(html.contains("<b>bold</b>"), "no raw markup from the YAML or prompts");
        assertTrue(html.contains("a cat &lt;sitting&gt; on a &quot;mat&quot; &amp; a dog"));
        assertTrue(html.contains("<code>fnf-safety &lt;test&gt; &amp; co</code>"));

        // every inline chart is well-formed SVG: 6 training curves and 3 beta-sweep charts
        Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        int charts = 0;
        while (svg.find()) {
            SvgDocuments.parse(svg.group());
            charts++;
        }
        assertEquals(9, charts);
        assertTrue(html.contains("The last line of "), "the truncated metrics line is mentioned");

        // static and self-contained
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        assertFalse(html.contains("<script"));
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:|//cdn|<link ).*"));
        try (var files = Files.list(folder)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp file renamed");
        }
    }

    @Test
    void pathsAreUrlEncoded() {
        assertEquals("my%20run/a%23b%C3%A9.png", HtmlReport.RelativeUrl.of(Path.of("my run", "a#bé.png")));
    }

    @Test
    void anEmptyReportIsStillAPage() {
        String html = HtmlReport.builder("Nothing yet").build().render(folder);
        assertTrue(html.contains("<h1>Nothing yet</h1>"));
        assertFalse(html.contains("<section"));
        assertTrue(html.endsWith("</html>\n"));
    }

    private static int countOf(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
