package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A worker's explained assessment at {@code asOf}: the tier, the score and every flag behind them. */
public record Assessment(String workerId, Tier tier, double score, Instant asOf, List<Flag> flags, Network network,
                         List<RecommendedAction> recommendedActions, Instant updatedAt) {

    /** One code's evidence: the most confident signal's details and when the code was first and last seen. */
    public record Flag(String code, String title, String category, Severity severity, double confidence,
                       boolean active, boolean counted, Instant firstSeen, Instant lastSeen, int occurrences,
                       JsonNode evidence, String advisoryPassage, Set<String> sources) {
    }

    /** The worker's cluster of linked workers (none until links are computed). */
    public record Network(String clusterId, List<String> linkedWorkers) {
    }

    /** What to do next, and which flag asked for it. */
    public record RecommendedAction(String action, String flag) {
    }
}
