package dev.firebreak.identity.nexus;

import java.util.List;
import java.util.Map;

/**
 * What a detector concluded about a worker: the red-flag code, how sure it is, the evidence an analyst reads,
 * and the ids of the records that triggered it (they make the signal id deterministic).
 */
public record Finding(String code, String detector, double confidence, Map<String, Object> evidence,
                      List<String> triggeringIds, List<String> identifiers) {
}
