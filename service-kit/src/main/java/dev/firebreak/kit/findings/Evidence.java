package dev.firebreak.kit.findings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one convention of every service's {@code Finding} (what a detector concluded, before it becomes signals): its
 * evidence keeps the order it was written in (analysts read it in that order), leaves out what is unknown (a null key
 * or value is not written: the contract's evidence holds no nulls) and cannot change afterwards; its triggering ids
 * are sorted and distinct (they make the signal id, whatever order a detector found them in).
 */
public final class Evidence {

    private Evidence() {
    }

    /** Evidence from key/value pairs, in the order given, without the null ones. */
    public static Map<String, Object> of(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("evidence comes in key/value pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return copy(map);
    }

    /** An unmodifiable copy in the same order without the null keys and values. */
    public static Map<String, Object> copy(Map<String, ?> evidence) {
        Map<String, Object> present = new LinkedHashMap<>();
        if (evidence != null) {
            evidence.forEach((k, v) -> {
                if (k != null && v != null) {
                    present.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(present);
    }

    /** The ids sorted and distinct, unmodifiable. */
    public static List<String> ids(Collection<String> ids) {
        return ids.stream().sorted().distinct().toList();
    }
}
