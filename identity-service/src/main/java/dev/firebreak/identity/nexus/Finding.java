package dev.firebreak.identity.nexus;

import dev.firebreak.kit.findings.Evidence;

import java.util.List;
import java.util.Map;

/**
 * What a detector concluded about a worker: the red-flag code, how sure it is, the evidence an analyst reads,
 * and the ids of the records that triggered it (they make the signal id deterministic); the kit's {@link Evidence}
 * convention.
 */
public record Finding(String code, String detector, double confidence, Map<String, Object> evidence,
                      List<String> triggeringIds, List<String> identifiers) {

    public Finding {
        evidence = Evidence.copy(evidence);
        triggeringIds = Evidence.ids(triggeringIds);
        identifiers = List.copyOf(identifiers);
    }
}
