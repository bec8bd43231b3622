package dev.firebreak.platform.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a detector found: the code, how sure it is, the evidence an analyst reads, the ids of the events behind it
 * (they make the signal id deterministic: a replay finds the same ids) and the accounts it concerns (one signal
 * each, sharing a group id when several).
 */
public record Finding(String code, String detector, double confidence, Map<String, Object> evidence,
                      List<String> triggeringIds, List<String> accounts) {

    public Finding {
        // an unknown value is left out rather than written as null (the contract's evidence holds no nulls)
        evidence = present(evidence);
        triggeringIds = triggeringIds.stream().sorted().distinct().toList();
        accounts = accounts.stream().sorted().distinct().toList();
    }

    /** An unmodifiable copy in the same order without the null keys and values. */
    static Map<String, Object> present(Map<String, Object> map) {
        Map<String, Object> present = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    present.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(present);
    }

    /** Evidence as ordered key/value pairs. */
    public static Map<String, Object> evidence(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
