package dev.firebreak.aggregator.network;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.firebreak.aggregator.network.LinkGraph.Change.BECAME_COMMON;
import static dev.firebreak.aggregator.network.LinkGraph.Change.MERGE;
import static dev.firebreak.aggregator.network.LinkGraph.Change.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The graph rules of the links, without a database (LinkBatchTest runs them on PostgreSQL). */
class LinkGraphTest {

    @Test
    void aNewHolderLinksUpToTheCommonThresholdAndUnlinksPastIt() {
        assertEquals(NONE, LinkGraph.change(0, 1, 5, false), "one holder links nobody");
        assertEquals(MERGE, LinkGraph.change(1, 2, 5, false), "two holders are linked");
        assertEquals(MERGE, LinkGraph.change(3, 5, 5, false), "at the threshold: still linking");
        assertEquals(BECAME_COMMON, LinkGraph.change(5, 6, 5, false), "past it: what it joined is recomputed");
        assertEquals(BECAME_COMMON, LinkGraph.change(2, 9, 5, false), "one batch past it from two holders");
        assertEquals(NONE, LinkGraph.change(1, 9, 5, false), "past it from one holder: it had joined nobody");
        assertEquals(NONE, LinkGraph.change(7, 9, 5, true), "common long ago (counted up to the limit): nothing");
    }

    @Test
    void groupsJoinThroughAnyoneTheyShareOrAClusterTheyAreIn() {
        List<Set<String>> joined = LinkGraph.components(List.of(List.of("a", "b"), List.of("c", "d")),
                List.<String[]>of(new String[] {"b", "c"}));
        assertEquals(List.of(Set.of("a", "b", "c", "d")), joined);
        List<Set<String>> apart = LinkGraph.components(List.of(List.of("a", "b"), List.of("c", "d")),
                List.<String[]>of(new String[] {"c", "c"}));
        assertEquals(2, apart.size());
    }

    @Test
    void aClusterIsNamedByItsTenantAndSmallestWorker() {
        assertEquals(LinkGraph.clusterId("t1", "a"), LinkGraph.clusterId("t1", "a"));
        assertNotEquals(LinkGraph.clusterId("t1", "a"), LinkGraph.clusterId("t2", "a"), "never another tenant's id");
    }
}
