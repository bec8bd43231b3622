package dev.firebreak.aggregator;

import dev.firebreak.aggregator.network.Link;
import dev.firebreak.aggregator.network.LinkGraph;
import dev.firebreak.aggregator.network.Links;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network walk over links fetched a level at a time (as a batch of refreshes fetches them) gives exactly the walk
 * over all links, and asks for the whole rest of a level at once.
 */
class ReachTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void aWalkResumedAfterFetchingWhatItLackedEqualsTheWalkOverAllLinks() {
        Random random = new Random(11);
        for (int graph = 0; graph < 50; graph++) {
            Map<String, List<Link>> all = randomGraph(random, 40, 60);
            for (int limit : new int[] {2, 5, 51, 200}) {
                for (String start : List.of("w00", "w07", "w21")) {
                    Map<String, Link> expected = LinkGraph.reach(all::get, start, limit, new HashSet<>());
                    Map<String, List<Link>> fetched = new HashMap<>();
                    fetched.put(start, all.get(start));
                    Map<String, Link> walk;
                    int rounds = 0;
                    while (true) {
                        Set<String> missing = new TreeSet<>();
                        walk = LinkGraph.reach(fetched::get, start, limit, missing);
                        if (walk != null) {
                            break;
                        }
                        assertTrue(!missing.isEmpty(), "a stalled walk names what it lacks");
                        missing.forEach(w -> fetched.put(w, all.get(w)));
                        rounds++;
                    }
                    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(walk.entrySet()));
                    assertTrue(rounds <= 40, "one fetch per level, not per worker: " + rounds);
                }
            }
        }
    }

    @Test
    void aWalkBoundedByItsComponentsSizeEqualsTheFullWalkAndFetchesLess() {
        Random random = new Random(17);
        int saved = 0;
        for (int graph = 0; graph < 50; graph++) {
            Map<String, List<Link>> all = randomGraph(random, 40, 30);
            for (String start : List.of("w00", "w07", "w21")) {
                Map<String, Link> full = LinkGraph.reach(all::get, start, Integer.MAX_VALUE, new HashSet<>());
                for (int limit : new int[] {2, 5, 51, 200}) {
                    Set<String> askedUnbounded = new TreeSet<>();
                    Map<String, Link> expected = LinkGraph.reach(w -> {
                        askedUnbounded.add(w);
                        return all.get(w);
                    }, start, limit, new HashSet<>());
                    Set<String> asked = new TreeSet<>();
                    Map<String, Link> bounded = LinkGraph.reach(w -> {
                        asked.add(w);
                        return all.get(w);
                    }, start, limit, new HashSet<>(), full.size());
                    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(bounded.entrySet()));
                    assertTrue(askedUnbounded.containsAll(asked));
                    saved += askedUnbounded.size() - asked.size();
                }
            }
        }
        assertTrue(saved > 0, "the bound spares the links of the last workers reached");
    }

    @Test
    void aStalledWalkNamesEveryQueuedWorkerItLacks() {
        Map<String, List<Link>> fetched = new HashMap<>();
        fetched.put("a", List.of(link("a", "b"), link("a", "c"), link("a", "d")));
        Set<String> missing = new TreeSet<>();
        assertNull(LinkGraph.reach(fetched::get, "a", 10, missing));
        assertEquals(Set.of("b", "c", "d"), missing);
        fetched.put("b", List.of());
        fetched.put("c", List.of());
        fetched.put("d", List.of());
        assertNotNull(LinkGraph.reach(fetched::get, "a", 10, new TreeSet<>()));
    }

    private static Map<String, List<Link>> randomGraph(Random random, int workers, int edges) {
        Map<String, List<Link>> graph = new HashMap<>();
        for (int i = 0; i < workers; i++) {
            graph.put("w%02d".formatted(i), new ArrayList<>());
        }
        for (int e = 0; e < edges; e++) {
            String a = "w%02d".formatted(random.nextInt(workers));
            String b = "w%02d".formatted(random.nextInt(workers));
            if (!a.equals(b)) {
                graph.get(a).add(link(a, b));
                graph.get(b).add(link(b, a));
            }
        }
        return graph;
    }

    private static Link link(String from, String to) {
        return new Link(from, to, "DEVICE", "v1:d-" + (from.compareTo(to) < 0 ? from + to : to + from),
                "identity-service", "platform-signals-service", T);
    }
}
