package dev.focusnfix.evaluation.report;

import static dev.focusnfix.evaluation.report.SvgDocuments.elements;
import static dev.focusnfix.evaluation.report.SvgDocuments.pointCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgLineChartTest {

    @Test
    void twoSeriesWithAGapAreWellFormedAndHaveEveryPoint() throws Exception {
        double[] steps = {0, 1, 2, 3, 4, 5, 6};
        Series reward = new Series("reward", steps, new double[] {0.1, 0.2, 0.25, Double.NaN, 0.4, 0.5, 0.55});
        Series smooth = new Series("reward <EMA> & co", steps, new double[] {0.1, 0.15, 0.2, 0.3, 0.35, 0.4, 0.5});
        String svg = SvgLineChart.builder("Reward \"<test>\" & more")
                .yLabel("reward")
                .integerX(true)
                .series(reward)
                .series(smooth)
                .build()
                .toSvg();
        Document document = SvgDocuments.parse(svg);
        assertEquals("svg", document.getDocumentElement().getLocalName());

        List<Element> groups = elements(document, "g", "series");
        assertEquals(2, groups.size());
        assertEquals("reward <EMA> & co", groups.get(1).getAttribute("data-name"), "escaped, then parsed back");

        List<Element> rewardLines = elements(groups.get(0), "polyline", "line");
        assertEquals(2, rewardLines.size(), "the NaN at step 3 breaks the line");
        assertEquals(3, pointCount(rewardLines.get(0)));
        assertEquals(3, pointCount(rewardLines.get(1)));
        List<Element> smoothLines = elements(groups.get(1), "polyline", "line");
        assertEquals(1, smoothLines.size());
        assertEquals(7, pointCount(smoothLines.get(0)));

        assertEquals(
                "Reward \"<test>\" & more",
                elements(document, "title", null).get(0).getTextContent());
        assertEquals(
                2,
                elements(document, "g", "legend")
                        .get(0)
                        .getElementsByTagNameNS(SvgDocuments.SVG_NS, "text")
                        .getLength());
    }

    @Test
    void ticksAreRoundNumbers() throws Exception {
        Series s = new Series("lr", new double[] {1, 50, 97}, new double[] {2e-5, 2.8e-6, 2.03e-6});
        Document document = SvgDocuments.parse(
                SvgLineChart.builder("lr").integerX(true).series(s).build().toSvg());
        assertEquals(
                List.of("0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"),
                texts(elements(document, "g", "x-ticks").get(0)));
        assertEquals(
                List.of("0", "5e-6", "1e-5", "1.5e-5", "2e-5"),
                texts(elements(document, "g", "y-ticks").get(0)));
    }

    @Test
    void aSinglePointIsADot() throws Exception {
        Series one = new Series("reward", new double[] {5}, new double[] {0.3});
        Document document = SvgDocuments.parse(
                SvgLineChart.builder("one step").series(one).build().toSvg());
        assertEquals(0, elements(document, "polyline", "line").size());
        List<Element> dots = elements(document, "circle", "point");
        assertEquals(1, dots.size());
        // the lone point is inside the plot area, not on its border
        double cx = Double.parseDouble(dots.get(0).getAttribute("cx"));
        assertTrue(cx > 100 && cx < 600, "cx=" + cx);
    }

    @Test
    void noDataStillGivesAValidChart() throws Exception {
        Series empty = new Series("reward", new double[] {0, 1}, new double[] {Double.NaN, Double.NaN});
        Document document = SvgDocuments.parse(
                SvgLineChart.builder("empty").series(empty).build().toSvg());
        assertEquals("no data", elements(document, "text", "message").get(0).getTextContent());
        assertEquals(
                0,
                elements(document, "polyline", null).size()
                        + elements(document, "circle", "point").size());
    }

    private static List<String> texts(Element group) {
        return elements(group, "text", null).stream()
                .map(Element::getTextContent)
                .toList();
    }
}
