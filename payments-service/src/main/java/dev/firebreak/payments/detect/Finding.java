package dev.firebreak.payments.detect;

import java.util.List;
import java.util.Map;

/**
 * What a detector concluded, before it becomes a signal: the code, the detector, a confidence, the evidence an
 * analyst reads, and the ids of the records that triggered it (they make the signal id deterministic). Where one
 * detection concerns several workers, {@code workers} names them all.
 */
public record Finding(String code, String detector, double confidence, Map<String, Object> evidence,
                      List<String> triggeringIds, List<String> workers) {

    public Finding {
        evidence = Map.copyOf(evidence);
        triggeringIds = List.copyOf(triggeringIds);
        workers = List.copyOf(workers);
    }
}
