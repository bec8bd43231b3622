package dev.firebreak.kit.erasure;

import dev.firebreak.kit.persistence.SetQuery;
import jakarta.persistence.EntityManager;

import java.sql.ResultSetMetaData;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's answer to a subject-access request (issue 29): everything it holds about one worker of one tenant, item
 * by item, each naming what it is and the purpose it is held for. Values are as stored: where the service keeps a
 * keyed hash, the export shows that a value is held, not the value (the service cannot reverse it either).
 */
public interface SubjectAccess {

    /** One kind of data held, and why. */
    record Item(String kind, String purpose, List<Map<String, Object>> records) {
    }

    /** What this service holds about the worker; empty if nothing. */
    List<Item> held(String tenantId, String workerId);

    /** The rows of a query as column → value maps (timestamps as ISO-8601 instants), for {@link Item#records()}. */
    static List<Map<String, Object>> rows(EntityManager em, String sql, Object... parameters) {
        List<Map<String, Object>> rows = new ArrayList<>();
        SetQuery.once(em, sql, row -> {
            ResultSetMetaData meta = row.getMetaData();
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object value = row.getObject(i);
                if (value instanceof Timestamp t) {
                    value = t.toInstant().toString();
                } else if (value instanceof java.time.OffsetDateTime t) {
                    value = t.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
                } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
                    value = value.toString();
                }
                record.put(meta.getColumnLabel(i), value);
            }
            rows.add(record);
        }, parameters);
        return rows;
    }

    /** The items that hold records. */
    static List<Item> nonEmpty(Item... items) {
        List<Item> held = new ArrayList<>();
        for (Item item : items) {
            if (!item.records().isEmpty()) {
                held.add(item);
            }
        }
        return held;
    }
}
