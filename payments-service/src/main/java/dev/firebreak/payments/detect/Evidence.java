package dev.firebreak.payments.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/** A signal's evidence from key/value pairs, in the order given (analysts read it in that order). */
public final class Evidence {

    private Evidence() {
    }

    public static Map<String, Object> of(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
