package dev.firebreak.console.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drawing of a network: every member placed inside the picture, one line per linked pair, stable. */
class NetworkDrawingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String network(int members) {
        StringBuilder m = new StringBuilder();
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < members; i++) {
            m.append(i == 0 ? "" : ",").append("{\"workerId\":\"w-").append(i).append("\",\"tier\":\"")
                    .append(i == 0 ? "HIGH_RISK" : "CLEAR").append("\"}");
            if (i > 0) {
                // a star through w-0, and a device and a phone between w-0 and w-1 (two links, one line)
                l.append(i == 1 ? "" : ",").append("{\"from\":\"w-0\",\"to\":\"w-").append(i)
                        .append("\",\"identifierType\":\"DEVICE\",\"identifier\":\"v1:").append("a".repeat(64))
                        .append("\",\"seenBy\":[\"platform-signals-service\"],\"since\":\"2026-11-20T10:00:00Z\"}");
            }
        }
        l.append(",{\"from\":\"w-1\",\"to\":\"w-0\",\"identifierType\":\"PHONE\",\"identifier\":\"v1:")
                .append("b".repeat(64)).append("\",\"seenBy\":[\"identity-service\"],\"since\":\"2026-11-21T10:00:00Z\"}");
        return "{\"clusterId\":\"cl-x\",\"members\":[" + m + "],\"links\":[" + l + "]}";
    }

    @Test
    void everyMemberIsPlacedInsideThePictureAndEachPairIsOneLabelledLine() throws Exception {
        NetworkDrawing.Drawing d = NetworkDrawing.draw(JSON.readTree(network(6)), "w-1");
        assertTrue(d.drawn());
        assertEquals(6, d.nodes().size());
        for (NetworkDrawing.Node n : d.nodes()) {
            assertTrue(n.x() >= NetworkDrawing.MARGIN - 0.1 && n.x() <= NetworkDrawing.WIDTH - NetworkDrawing.MARGIN + 0.1, n.toString());
            assertTrue(n.y() >= NetworkDrawing.MARGIN - 0.1 && n.y() <= NetworkDrawing.HEIGHT - NetworkDrawing.MARGIN + 0.1, n.toString());
        }
        assertEquals(5, d.edges().size(), "w-0–w-1 share two identifiers: one line");
        NetworkDrawing.Edge both = d.edges().stream().filter(e -> Set.of(e.from(), e.to()).equals(Set.of("w-0", "w-1")))
                .findFirst().orElseThrow();
        assertEquals("DEVICE · PHONE", both.label());
        assertEquals(6, d.links().size(), "the table lists every link");
        assertTrue(d.nodes().stream().filter(NetworkDrawing.Node::current).map(NetworkDrawing.Node::workerId).toList()
                .equals(List.of("w-1")));
        assertEquals("tier-HIGH_RISK", d.nodes().stream().filter(n -> n.workerId().equals("w-0")).findFirst()
                .orElseThrow().tierClass());
        // no two workers on top of each other
        Set<String> places = d.nodes().stream().map(n -> Math.round(n.x() / 5) + ":" + Math.round(n.y() / 5))
                .collect(Collectors.toSet());
        assertEquals(6, places.size());
    }

    @Test
    void theSameNetworkIsDrawnTheSameWay() throws Exception {
        assertEquals(NetworkDrawing.draw(JSON.readTree(network(9)), null).nodes(),
                NetworkDrawing.draw(JSON.readTree(network(9)), null).nodes());
    }

    @Test
    void twoWorkersSitSideBySideAndAHairballIsListedNotDrawn() throws Exception {
        NetworkDrawing.Drawing pair = NetworkDrawing.draw(JSON.readTree(network(2)), null);
        assertEquals(2, pair.nodes().size());
        assertEquals(pair.nodes().get(0).y(), pair.nodes().get(1).y());
        NetworkDrawing.Drawing big = NetworkDrawing.draw(JSON.readTree(network(NetworkDrawing.MAX_DRAWN + 1)), null);
        assertFalse(big.drawn());
        assertTrue(big.nodes().isEmpty());
        assertEquals(NetworkDrawing.MAX_DRAWN + 1, big.members());
        assertEquals(NetworkDrawing.MAX_DRAWN + 1, big.links().size());
    }
}
