package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A worker's explained assessment at {@code asOf}: the tier, the score and every flag behind them, the worker's
 * network, the recommended actions for the tenant's role, and {@code updatedAt}: the time of the latest evidence
 * that went into it (event time, so a replay reproduces it).
 */
public record Assessment(String workerId, Tier tier, double score, Instant asOf, List<Flag> flags, Network network,
                         List<RecommendedAction> recommendedActions, Instant updatedAt, String tenantRole) {

    /**
     * One code's evidence: the most confident signal's details (or the aggregator's own derivation), when the code
     * was first and last seen, how often, by which services, the last analyst review of it, and when it stops counting
     * ({@code expiresAt}: the last expiry of its live signals; null while one of them never expires).
     */
    public record Flag(String code, String title, String category, Severity severity, double confidence,
                       boolean active, boolean counted, boolean dismissed, String review, Instant firstSeen,
                       Instant lastSeen, int occurrences, JsonNode evidence, String advisoryPassage, Set<String> sources,
                       Instant expiresAt) {
    }

    /** The worker's cluster of linked workers (null and empty when linked to nobody). */
    public record Network(String clusterId, List<String> linkedWorkers) {
    }

    /** What to do next, and which flag asked for it. */
    public record RecommendedAction(String action, String flag) {
    }
}
