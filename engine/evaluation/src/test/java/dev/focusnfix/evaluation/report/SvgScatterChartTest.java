package dev.focusnfix.evaluation.report;

import static dev.focusnfix.evaluation.report.SvgDocuments.elements;
import static dev.focusnfix.evaluation.report.SvgDocuments.pointCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.evaluation.tables.MethodResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgScatterChartTest {

    @Test
    void betaSweepHasOneLabelledPointPerBetaAndCountsTheInfinitePsnr() throws Exception {
        List<MethodResult> sweep = List.of(
                MethodResult.builder("b")
                        .beta(5e-4)
                        .rewards(0, 0.6)
                        .imageChange(22.3, 0.8, 0.18)
                        .build(),
                MethodResult.builder("a")
                        .beta(0)
                        .rewards(0, 0.8)
                        .imageChange(13.07, 0.41, 0.59)
                        .build(),
                MethodResult.builder("c")
                        .beta(1e-3)
                        .rewards(0, 0.4)
                        .imageChange(25.0, 0.85, 0.12)
                        .build(),
                MethodResult.builder("d")
                        .beta(1)
                        .rewards(0, 0.0)
                        .imageChange(Double.POSITIVE_INFINITY, 1, 0)
                        .build(),
                MethodResult.builder("base").rewards(0, 0).build());
        List<Figure> figures = BetaSweepCharts.of(sweep);
        assertEquals(3, figures.size());

        Document psnr = SvgDocuments.parse(figures.get(0).svg());
        assertEquals(3, elements(psnr, "circle", "point").size(), "infinite PSNR cannot be placed");
        assertEquals(
                List.of("β=0", "β=0.0005", "β=0.001"),
                elements(psnr, "text", "point-label").stream()
                        .map(Element::getTextContent)
                        .toList(),
                "sorted by beta; no point for the method without beta");
        assertEquals(3, pointCount(elements(psnr, "polyline", "line").get(0)));
        assertTrue(elements(psnr, "text", "footnote").get(0).getTextContent().startsWith("1 point not shown"));

        Document lpips = SvgDocuments.parse(figures.get(2).svg());
        assertEquals(4, elements(lpips, "circle", "point").size(), "LPIPS 0 is finite");
        assertEquals(0, elements(lpips, "text", "footnote").size());
    }
}
