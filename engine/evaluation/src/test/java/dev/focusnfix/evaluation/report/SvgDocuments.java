package dev.focusnfix.evaluation.report;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Parses SVG text with the JDK's XML parser (which fails on anything not well-formed) and finds elements. */
final class SvgDocuments {

    static final String SVG_NS = "http://www.w3.org/2000/svg";

    private SvgDocuments() {}

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new InputSource(new StringReader(svg)));
    }

    /** SVG elements named {@code tag} with {@code cssClass} among their classes (any class if null). */
    static List<Element> elements(Document document, String tag, String cssClass) {
        return withClass(document.getElementsByTagNameNS(SVG_NS, tag), cssClass);
    }

    /** Elements of {@code tag}/{@code cssClass} inside {@code parent}. */
    static List<Element> elements(Element parent, String tag, String cssClass) {
        return withClass(parent.getElementsByTagNameNS(SVG_NS, tag), cssClass);
    }

    private static List<Element> withClass(NodeList nodes, String cssClass) {
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (cssClass == null
                    || List.of(element.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(element);
            }
        }
        return found;
    }

    /** The number of x,y pairs in a polyline's {@code points}. */
    static int pointCount(Element polyline) {
        String points = polyline.getAttribute("points").trim();
        return points.isEmpty() ? 0 : points.split("\\s+").length;
    }
}
