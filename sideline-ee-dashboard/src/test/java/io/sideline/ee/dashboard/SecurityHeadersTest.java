package io.sideline.ee.dashboard;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dashboard's headers are written twice, once in the filter and once in the server's configuration (for the
 * container's own 401 and 403, which no filter sees): the sample's server.xml must give every answer exactly the
 * headers {@link SecurityHeaders#HEADERS} names, with the same values.
 */
class SecurityHeadersTest {

    private static final Path SERVER_XML = Path.of("..", "server-config", "server.xml");

    @Test
    void theSampleServerSetsExactlyTheFiltersHeadersOnEveryAnswer() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = factory.newDocumentBuilder().parse(SERVER_XML.toFile()).getDocumentElement();
        NodeList endpoints = root.getElementsByTagName("httpEndpoint");
        assertEquals(1, endpoints.getLength(), "the sample's server.xml declares one httpEndpoint");
        Element headers = (Element) ((Element) endpoints.item(0)).getElementsByTagName("headers").item(0);
        Map<String, String> configured = new LinkedHashMap<>();
        entries(headers, "setIfMissing", configured);
        entries(headers, "set", configured);
        assertEquals(SecurityHeaders.HEADERS, configured, "the httpEndpoint's <headers> in " + SERVER_XML);
        assertEquals(0, headers.getElementsByTagName("add").getLength() + headers.getElementsByTagName("remove")
                .getLength(), "nothing but set and setIfMissing: no header twice, none removed");
    }

    /** The {@code Name: value} entries of {@code headers}' {@code tag} children, by name. */
    private static void entries(Element headers, String tag, Map<String, String> into) {
        NodeList entries = headers.getElementsByTagName(tag);
        for (int i = 0; i < entries.getLength(); i++) {
            String entry = entries.item(i).getTextContent();
            int colon = entry.indexOf(':');
            into.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
        }
    }
}
