package dev.firebreak.platform.detect;

import dev.firebreak.kit.findings.Evidence;
import dev.firebreak.platform.event.EventType;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One platform event as the detectors see it: the common fields and the type's own fields. Detectors are pure
 * functions of a key's activity (an account's, an IP's, a device's, a client's) in event-time order.
 */
public record Activity(String eventId, EventType type, String accountId, String workerId, Instant at, String ip,
                       String device, Map<String, Object> fields) {

    public Activity {
        fields = Evidence.copy(fields); // a field sent as null is a field not sent
    }

    /** The type in lower case words, as an explanation names it ("profile text"). */
    public String typeInWords() {
        return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public String text(String field) {
        Object value = fields.get(field);
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    public Double number(String field) {
        Object value = fields.get(field);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public boolean is(EventType... types) {
        for (EventType t : types) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }
}
