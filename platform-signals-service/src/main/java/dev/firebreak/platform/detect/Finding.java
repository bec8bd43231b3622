package dev.firebreak.platform.detect;

import dev.firebreak.kit.findings.Evidence;

import java.util.List;
import java.util.Map;

/**
 * What a detector found: the code, how sure it is, the evidence an analyst reads, the ids of the events behind it
 * (they make the signal id deterministic: a replay finds the same ids) and the accounts it concerns (one signal
 * each, sharing a group id when several); the kit's {@link Evidence} convention.
 */
public record Finding(String code, String detector, double confidence, Map<String, Object> evidence,
                      List<String> triggeringIds, List<String> accounts) {

    public Finding {
        evidence = Evidence.copy(evidence);
        triggeringIds = Evidence.ids(triggeringIds);
        accounts = Evidence.ids(accounts);
    }
}
