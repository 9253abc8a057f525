package dev.focusnfix.evaluation.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    /** Two rows that exercise quoting, an infinite PSNR, missing values and signs. */
    private static ComparisonTable small() {
        return ComparisonTable.builder(
                        Column.text("Method"),
                        Column.fixed("PSNR", 2),
                        Column.fixed("SSIM", 3),
                        Column.significant("Gain", 3).withSign())
                .row("DRaFT, \"full\"", 13.0712, 0.41, 0.25)
                .row("Focus|N|Fix", Double.POSITIVE_INFINITY, null, Double.NaN)
                .build();
    }

    @Test
    void markdownIsAlignedWithInfAndDash() {
        String expected =
                """
                | Method        |  PSNR |  SSIM |  Gain |
                | :------------ | ----: | ----: | ----: |
                | DRaFT, "full" | 13.07 | 0.410 | +0.25 |
                | Focus\\|N\\|Fix |   inf |     - |     - |
                """;
        assertEquals(expected, small().toMarkdown());
    }

    @Test
    void csvQuotesAfterRfc4180AndLeavesMissingEmpty() {
        String expected =
                "Method,PSNR,SSIM,Gain\r\n" + "\"DRaFT, \"\"full\"\"\",13.0712,0.41,0.25\r\n" + "Focus|N|Fix,inf,,\r\n";
        assertEquals(expected, small().toCsv());
    }

    @Test
    void htmlHasOneRowPerResultAndEscapes() {
        String html = small().toHtml();
        assertTrue(
                html.contains("<td>DRaFT, &quot;full&quot;</td><td class=\"num\">13.07</td>"
                        + "<td class=\"num\">0.410</td><td class=\"num\">+0.25</td>"),
                html);
        assertTrue(html.contains("<td>Focus|N|Fix</td><td class=\"num\">inf</td><td class=\"num\">-</td>"), html);
        assertEquals(3, html.split("<tr>", -1).length - 1, "header row + 2 rows");
        assertTrue(html.contains("<th class=\"num\">PSNR</th>"));
    }

    @Test
    void columnFormats() {
        assertEquals("69.0", Column.percent("Improve %", 1).format(0.69));
        assertEquals("7", Column.percent("Degrade %", 0).exact(0.07));
        assertEquals("0.1235", Column.significant("r", 4).format(0.12345));
        assertEquals("1235", Column.significant("r", 4).format(1234.5));
        assertEquals("2.5e-5", Column.significant("lr", 3).format(2.5e-5));
        assertEquals("12.5", Column.significant("r", 4).format(12.5), "no padding zeros");
        assertEquals("+0.6", Column.significant("g", 4).withSign().format(-0.3 - -0.9), "0.6000000000000001");
        assertEquals("-inf", Column.fixed("x", 1).format(Double.NEGATIVE_INFINITY));
        assertEquals("0.00", Column.fixed("x", 2).format(-0.001), "no negative zero");
        assertEquals("0", Column.significant("g", 3).withSign().format(0.0), "zero has no sign");
        assertEquals("-0.5", Column.significant("g", 3).withSign().format(-0.5));
        assertEquals("", Column.fixed("x", 2).exact(Double.NaN));
        assertEquals("0.0005", Column.exact("β").format(5e-4));
    }

    @Test
    void ofMethodsBuildsThePaperColumnsAndDropsEmptyOnes() {
        MethodResult draft = MethodResult.builder("DRaFT")
                .beta(0)
                .rewards(-0.9, -0.1)
                .imageChange(13.07, 0.41, 0.59)
                .otherReward("alignment", -0.05)
                .build();
        MethodResult fnf = MethodResult.builder("Focus-N-Fix")
                .beta(5e-4)
                .rewards(-0.9, -0.3)
                .imageChange(22.30, 0.80, 0.18)
                .maskedPsnr(Double.POSITIVE_INFINITY, 14.2)
                .build();
        ComparisonTable table = ComparisonTable.ofMethods(List.of(draft, fnf));
        List<String> headers = table.columns().stream().map(Column::header).toList();
        assertEquals(
                List.of(
                        "Method",
                        "β",
                        "Reward before",
                        "Reward after",
                        "Gain",
                        "PSNR",
                        "SSIM",
                        "LPIPS",
                        "PSNR outside mask",
                        "PSNR inside mask",
                        "Δ alignment"),
                headers);
        String[] lines = table.toMarkdown().split("\n");
        assertEquals(4, lines.length);
        assertEquals(
                List.of("DRaFT", "0", "-0.9", "-0.1", "+0.8", "13.07", "0.410", "0.590", "-", "-", "-0.05"),
                cells(lines[2]));
        assertEquals(
                List.of(
                        "Focus-N-Fix",
                        "0.0005",
                        "-0.9",
                        "-0.3",
                        "+0.6",
                        "22.30",
                        "0.800",
                        "0.180",
                        "inf",
                        "14.20",
                        "-"),
                cells(lines[3]));
        assertFalse(lines[0].contains("Improve"), "no preference data, so no preference columns");
    }

    @Test
    void ofMethodsShowsEveryTunerParameterWithEmptyCellsWhereATunerLacksOne() {
        // as the tuners report them: DRaFT its K, Focus-N-Fix beta and K, reward guidance its lambda, the base none
        MethodResult base = MethodResult.builder("base").rewards(-1, -1).build();
        MethodResult draft =
                MethodResult.builder("draft").parameter("K", 1).rewards(-1, 0).build();
        MethodResult fnf = MethodResult.builder("focus-n-fix")
                .parameters(java.util.Map.of("beta", 5e-4))
                .parameter("K", 2)
                .rewards(-1, -0.5)
                .build();
        MethodResult guidance = MethodResult.builder("reward-guidance")
                .parameter("lambda", 0.25)
                .rewards(-1, -0.75)
                .build();
        ComparisonTable table = ComparisonTable.ofMethods(List.of(base, draft, fnf, guidance));
        String expected =
                """
                | Method          |   K |      β | lambda | Reward before | Reward after |  Gain |
                | :-------------- | --: | -----: | -----: | ------------: | -----------: | ----: |
                | base            |   - |      - |      - |            -1 |           -1 |     0 |
                | draft           |   1 |      - |      - |            -1 |            0 |    +1 |
                | focus-n-fix     |   2 | 0.0005 |      - |            -1 |         -0.5 |  +0.5 |
                | reward-guidance |   - |      - |   0.25 |            -1 |        -0.75 | +0.25 |
                """;
        assertEquals(expected, table.toMarkdown());
        assertEquals(
                """
                Method,K,β,lambda,Reward before,Reward after,Gain\r
                base,,,,-1,-1,0\r
                draft,1,,,-1,0,1\r
                focus-n-fix,2,0.0005,,-1,-0.5,0.5\r
                reward-guidance,,,0.25,-1,-0.75,0.25\r
                """,
                table.toCsv());
        assertEquals(0.25, guidance.parameter("lambda"));
        assertTrue(Double.isNaN(draft.beta()), "DRaFT reports no beta");
    }

    private static List<String> cells(String markdownLine) {
        String inner = markdownLine.substring(1, markdownLine.length() - 1);
        return java.util.Arrays.stream(inner.split("\\|")).map(String::trim).toList();
    }

    @Test
    void rejectsRowsOfTheWrongShape() {
        ComparisonTable.Builder builder = ComparisonTable.builder(Column.text("Method"), Column.fixed("PSNR", 2));
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> builder.row("x"));
        assertTrue(length.getMessage().contains("1 cells but the table has 2 columns"), length.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> builder.row("x", "twenty"));
        assertTrue(type.getMessage().contains("column 'PSNR': expected a number"), type.getMessage());
    }
}
