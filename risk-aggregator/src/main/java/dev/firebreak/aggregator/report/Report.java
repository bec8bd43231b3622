package dev.firebreak.aggregator.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.aggregator.assessment.Assessment;
import dev.firebreak.aggregator.review.Audit;
import dev.firebreak.aggregator.review.Reviews;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A disclosure draft about one worker: who it is in the tenant's systems (identifiers, accounts, parties), what was
 * found (flags with evidence and the advisory's words), whom it is linked to, what happened when, what analysts
 * decided, and how to report. The analyst completes and files it; Firebreak files nothing.
 */
public record Report(String title, String tenantId, String workerId, Instant generatedAt, Instant asOf,
                     Assessment assessment, List<Identifier> identifiers, Network network, List<Event> timeline,
                     List<Reviews.Review> reviews, List<Audit.Entry> history, List<String> reportingRoute) {

    /** An identifier the worker used (keyed hashes stay hashed: the tenant holds the clear values). */
    public record Identifier(String type, String value, String seenBy, Instant firstSeen) {
    }

    /** The worker's cluster: members with their current tiers, and the worker's own links. */
    public record Network(String clusterId, Map<String, String> memberTiers, List<Link> links) {
    }

    /** One shared identifier between the worker and another. */
    public record Link(String with, String identifierType, String identifier, List<String> seenBy, Instant since) {
    }

    /** One dated fact: a signal, a link, a review. */
    public record Event(Instant at, String kind, String code, String source, String description, JsonNode evidence) {
    }
}
