package dev.firebreak.console.view;

import com.fasterxml.jackson.databind.JsonNode;
import org.jgrapht.Graph;
import org.jgrapht.alg.drawing.FRLayoutAlgorithm2D;
import org.jgrapht.alg.drawing.model.Box2D;
import org.jgrapht.alg.drawing.model.MapLayoutModel2D;
import org.jgrapht.alg.drawing.model.Point2D;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A network of linked workers drawn as SVG on the server: workers as nodes coloured by tier, each a link to its page,
 * links labelled by the identifier types shared (the table beside it names the services that saw each). The layout is JGraphT's Fruchterman–Reingold
 * with a fixed seed, so the same network is always drawn the same way. Drawing on the server needs no script in the
 * browser (the CSP allows none inline, and a person without JavaScript sees the same), SVG links are reachable with
 * the keyboard, and each node and link has a text alternative; the page also lists the links as a table.
 */
public final class NetworkDrawing {

    /** The largest network drawn node by node; a bigger one is listed, not drawn (a hairball helps nobody). */
    public static final int MAX_DRAWN = 150;
    static final double WIDTH = 720, HEIGHT = 420, MARGIN = 48;

    /** A worker in the drawing. */
    public record Node(String workerId, String tier, double x, double y, boolean current, String label) {
        public String tierClass() {
            return "tier-" + (tier == null ? "UNKNOWN" : tier);
        }

        public double labelY() {
            return y + (current ? 36 : 32);
        }

        /** The name's backing box: about 6.6 px a character of the 11 px label, centred under the circle. */
        public double boxWidth() {
            return workerId.length() * 6.6 + 8;
        }

        public double boxX() {
            return x - boxWidth() / 2;
        }

        public double boxY() {
            return labelY() - 12;
        }
    }

    /** A link between two drawn workers: what they share, seen by which services. */
    public record Edge(String from, String to, double x1, double y1, double x2, double y2, String label) {
        public double labelX() {
            return (x1 + x2) / 2;
        }

        public double labelY() {
            return (y1 + y2) / 2 - 4;
        }

        /**
         * The label's backing box, so that it reads over the line it names (contrast, WCAG 1.4.3): about 6 px a
         * character of the 10 px label, centred on it.
         */
        public double boxWidth() {
            return label.length() * 6.0 + 8;
        }

        public double boxX() {
            return labelX() - boxWidth() / 2;
        }

        public double boxY() {
            return labelY() - 10;
        }
    }

    /** What the page shows: the nodes and edges to draw (empty if too many), and the whole network as rows. */
    public record Drawing(List<Node> nodes, List<Edge> edges, List<LinkRow> links, int members, boolean drawn,
                          double width, double height) {
    }

    /** A link as a row of the table beside the drawing. */
    public record LinkRow(String from, String to, String identifierType, String identifier, String seenBy, String since) {
    }

    private NetworkDrawing() {
    }

    /**
     * Draws a network answer of {@code GET /api/v1/networks/{id}} ({@code members: [{workerId, tier}], links: [{from,
     * to, identifierType, identifier, seenBy, since}]}); {@code current} is marked (the worker whose page this is).
     */
    public static Drawing draw(JsonNode network, String current) {
        Map<String, String> tiers = new TreeMap<>();
        for (JsonNode m : network.path("members")) {
            tiers.put(m.path("workerId").asText(), m.path("tier").isNull() ? null : m.path("tier").asText(null));
        }
        // one edge per pair: several shared identifiers make one line, labelled with each
        Map<String, List<String>> labels = new LinkedHashMap<>();
        List<LinkRow> rows = new ArrayList<>();
        for (JsonNode l : network.path("links")) {
            String from = l.path("from").asText();
            String to = l.path("to").asText();
            // a service that saw the identifier on both workers is named once
            java.util.SortedSet<String> seenBy = new java.util.TreeSet<>();
            l.path("seenBy").forEach(s -> seenBy.add(s.asText()));
            String type = l.path("identifierType").asText();
            String key = from.compareTo(to) < 0 ? from + "\u0000" + to : to + "\u0000" + from;
            // the line names what is shared, short enough to sit on it; who saw it is in the table below
            List<String> label = labels.computeIfAbsent(key, k -> new ArrayList<>());
            if (!label.contains(type)) {
                label.add(type);
            }
            rows.add(new LinkRow(from, to, type, EvidenceView.scalar(l.path("identifier")).text(), String.join(", ", seenBy),
                    EvidenceView.scalar(l.path("since")).text()));
            tiers.putIfAbsent(from, null);
            tiers.putIfAbsent(to, null);
        }
        if (tiers.size() > MAX_DRAWN) {
            return new Drawing(List.of(), List.of(), rows, tiers.size(), false, WIDTH, HEIGHT);
        }
        Graph<String, DefaultEdge> graph = new SimpleGraph<>(DefaultEdge.class);
        tiers.keySet().forEach(graph::addVertex);
        for (String key : labels.keySet()) {
            String[] ends = key.split("\u0000");
            if (!ends[0].equals(ends[1])) {
                graph.addEdge(ends[0], ends[1]);
            }
        }
        Map<String, double[]> at = layout(graph);
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, String> t : tiers.entrySet()) {
            double[] p = at.get(t.getKey());
            nodes.add(new Node(t.getKey(), t.getValue(), p[0], p[1], t.getKey().equals(current),
                    t.getKey() + (t.getValue() == null ? "" : ", " + Tiers.label(t.getValue()))));
        }
        List<Edge> edges = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : labels.entrySet()) {
            String[] ends = e.getKey().split("\u0000");
            double[] a = at.get(ends[0]);
            double[] b = at.get(ends[1]);
            edges.add(new Edge(ends[0], ends[1], a[0], a[1], b[0], b[1],
                    String.join(" · ", new TreeSet<>(e.getValue()))));
        }
        return new Drawing(nodes, edges, rows, tiers.size(), true, WIDTH, HEIGHT);
    }

    /** Positions inside the drawing's margins; one worker in the middle, two side by side. */
    private static Map<String, double[]> layout(Graph<String, DefaultEdge> graph) {
        Map<String, double[]> at = new TreeMap<>();
        List<String> vertices = new ArrayList<>(new TreeSet<>(graph.vertexSet()));
        if (vertices.size() <= 2) {
            for (int i = 0; i < vertices.size(); i++) {
                at.put(vertices.get(i), new double[] {vertices.size() == 1 ? WIDTH / 2 : WIDTH * (i == 0 ? 0.3 : 0.7),
                        HEIGHT / 2});
            }
            return at;
        }
        MapLayoutModel2D<String> model = new MapLayoutModel2D<>(new Box2D(0, 0, 1, 1));
        // the vertices placed in a fixed order from a fixed seed: the same network is drawn the same way each time
        Graph<String, DefaultEdge> ordered = new SimpleGraph<>(DefaultEdge.class);
        vertices.forEach(ordered::addVertex);
        graph.edgeSet().stream().map(e -> List.of(graph.getEdgeSource(e), graph.getEdgeTarget(e)))
                .sorted((x, y) -> (x.get(0) + x.get(1)).compareTo(y.get(0) + y.get(1)))
                .forEach(e -> ordered.addEdge(e.get(0), e.get(1)));
        new FRLayoutAlgorithm2D<String, DefaultEdge>(300, 0.5, new Random(26)).layout(ordered, model);
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (String v : vertices) {
            Point2D p = model.get(v);
            minX = Math.min(minX, p.getX());
            maxX = Math.max(maxX, p.getX());
            minY = Math.min(minY, p.getY());
            maxY = Math.max(maxY, p.getY());
        }
        double spanX = Math.max(maxX - minX, 1e-9), spanY = Math.max(maxY - minY, 1e-9);
        for (String v : vertices) {
            Point2D p = model.get(v);
            at.put(v, new double[] {round(MARGIN + (p.getX() - minX) / spanX * (WIDTH - 2 * MARGIN)),
                    round(MARGIN + (p.getY() - minY) / spanY * (HEIGHT - 2 * MARGIN))});
        }
        return at;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
