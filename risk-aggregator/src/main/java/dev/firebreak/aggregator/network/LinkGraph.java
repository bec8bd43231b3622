package dev.firebreak.aggregator.network;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The graph side of the links, without a database: what a new holder of an identifier does to the clusters, the
 * clusters of a set of links (JGraphT's connected components), cluster ids, and breadth-first walks over links
 * however they are fetched. {@link Links} keeps the graph in PostgreSQL through {@link LinkStore}.
 */
public final class LinkGraph {

    private LinkGraph() {
    }

    /** What an identifier's new holders do to the clusters. */
    enum Change {
        /** Nothing: it has one holder, or was common before (it links nobody). */
        NONE,
        /** Its holders are linked: their clusters merge. */
        MERGE,
        /** It became common with these holders: the clusters it had joined are recomputed (they may split). */
        BECAME_COMMON
    }

    /**
     * With {@code before} holders before and {@code after} after (counted up to a limit above the threshold, so an
     * identifier common long ago is not counted in full): {@code after <= threshold} links its holders;
     * {@code 2 <= before <= threshold < after} makes it common now (with fewer than two it had joined nothing).
     *
     * @param counted whether {@code after} reached the counting limit (common before the new holders came)
     */
    static Change change(int before, int after, int threshold, boolean counted) {
        if (after < 2 || counted) {
            return Change.NONE;
        }
        if (after <= threshold) {
            return Change.MERGE;
        }
        return before <= threshold && before >= 2 ? Change.BECAME_COMMON : Change.NONE;
    }

    /**
     * The connected components of groups of workers that each share an identifier, together with the pairs of
     * workers already in one cluster: groups sharing anyone join.
     */
    static List<Set<String>> components(List<List<String>> groups, List<String[]> sameCluster) {
        Graph<String, DefaultEdge> graph = new SimpleGraph<>(DefaultEdge.class);
        for (List<String> group : groups) {
            for (String worker : group) {
                join(graph, group.getFirst(), worker);
            }
        }
        for (String[] pair : sameCluster) {
            join(graph, pair[0], pair[1]);
        }
        return new ConnectivityInspector<>(graph).connectedSets();
    }

    private static void join(Graph<String, DefaultEdge> graph, String x, String y) {
        graph.addVertex(x);
        graph.addVertex(y);
        if (!x.equals(y)) {
            graph.addEdge(x, y);
        }
    }

    /** A cluster's id: from the tenant and its smallest worker id, so a replay names it the same. */
    static String clusterId(String tenantId, String smallestWorker) {
        return "cl-" + UUID.nameUUIDFromBytes((tenantId + "\u001f" + smallestWorker).getBytes(StandardCharsets.UTF_8));
    }

    /** The links of those that exist at {@code asOf} (null: all). */
    public static List<Link> at(List<Link> links, Instant asOf) {
        return asOf == null ? links : links.stream().filter(l -> !l.since().isAfter(asOf)).toList();
    }

    /**
     * Breadth-first from {@code start} over the links {@code linksOf} gives: every reachable worker (at most
     * {@code limit}), in order of distance then id, each with the link it was reached by (null for the start). Null as
     * soon as {@code linksOf} gives null for a worker on the way (its links are not at hand), with that worker and
     * every other queued one whose links are not at hand added to {@code missing}: the caller fetches them all at
     * once and walks again.
     */
    public static Map<String, Link> reach(Function<String, List<Link>> linksOf, String start, int limit,
                                          Set<String> missing) {
        return reach(linksOf, start, limit, missing, Integer.MAX_VALUE);
    }

    /**
     * {@link #reach(Function, String, int, Set)} that stops once it has reached {@code component} workers: the size
     * of the start's cluster, the connected component of its non-common links, so nobody is left to reach, and the
     * links of the last ones reached need not be fetched (a cluster of three: its own links, not its neighbours').
     * Links at an earlier {@code asOf} are a subset of the cluster's, so a walk at that time stops no earlier.
     */
    public static Map<String, Link> reach(Function<String, List<Link>> linksOf, String start, int limit,
                                          Set<String> missing, int component) {
        Map<String, Link> reached = new LinkedHashMap<>();
        reached.put(start, null);
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty() && reached.size() < limit && reached.size() < component) {
            String worker = queue.poll();
            List<Link> direct = linksOf.apply(worker);
            if (direct == null) {
                missing.add(worker);
                queue.stream().filter(w -> linksOf.apply(w) == null).forEach(missing::add);
                return null;
            }
            Map<String, Link> firstPerNeighbour = new HashMap<>();
            for (Link link : direct) {
                firstPerNeighbour.putIfAbsent(link.to(), link);
            }
            for (String next : new TreeSet<>(firstPerNeighbour.keySet())) {
                if (!reached.containsKey(next) && reached.size() < limit) {
                    reached.put(next, firstPerNeighbour.get(next));
                    queue.add(next);
                }
            }
        }
        return reached;
    }

    /** The chain of links from the start of a {@link #reach} to {@code worker}, start first. */
    public static List<Link> path(Map<String, Link> reached, String worker) {
        List<Link> path = new ArrayList<>();
        Link link = reached.get(worker);
        while (link != null) {
            path.addFirst(link);
            link = reached.get(link.from());
        }
        return path;
    }
}
