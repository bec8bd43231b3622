package dev.firebreak.payments.detect;

import dev.firebreak.kit.findings.Evidence;

import java.util.List;
import java.util.Map;

/**
 * What a detector concluded, before it becomes signals: the code, the detector, a confidence, the evidence an
 * analyst reads, and the ids of the records that triggered it (they make the signal ids deterministic). A signal
 * is raised for each worker and each payment party named; several share a {@code groupId}. The kit's
 * {@link Evidence} convention.
 */
public record Finding(String code, String detector, double confidence, Map<String, Object> evidence,
                      List<String> triggeringIds, List<String> workers, List<String> parties) {

    public Finding {
        evidence = Evidence.copy(evidence);
        triggeringIds = Evidence.ids(triggeringIds);
        workers = List.copyOf(workers);
        parties = List.copyOf(parties);
    }

    public Finding(String code, String detector, double confidence, Map<String, Object> evidence,
                   List<String> triggeringIds, List<String> workers) {
        this(code, detector, confidence, evidence, triggeringIds, workers, List.of());
    }
}
