package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.aggregator.evidence.StoredObservation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cross-service consistency (RED-FLAGS.md ID-02, ID-03, PL-10 "across services"): what different services observed
 * about one worker, compared by field. A field disagrees when two services have each observed it and have no value
 * in common: a traveller who logs in abroad but also at home, or a worker whose document and payout are in the same
 * country, does not. Time zones are compared by their UTC offset at {@code asOf}, so two names of one offset agree.
 * Where the worker logs in from is compared with where the worker says they live also when one service reports
 * both (platform-signals-service sends the declared country and the login countries): for ID-03 a service's login
 * countries are a side of their own ("platform-signals-service logins"). The platform reports no country for a
 * login through a VPN, proxy, Tor or hosting exit, so a VPN user is not read as living at the exit.
 */
public final class Consistency {

    static final double CONFIDENCE = 0.7;

    /** A compared field: the code it raises and the observation types that state it. */
    private record Field(String code, String name, Set<String> types) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("ID-02", "nationality", Set.of("DOCUMENT_COUNTRY", "PHONE_COUNTRY", "PAYOUT_COUNTRY")),
            new Field("ID-03", "location", Set.of("DECLARED_COUNTRY", "LOGIN_COUNTRY")),
            new Field("PL-10", "timezone", Set.of("DECLARED_TIMEZONE")));

    /** The observation types compared across services. */
    public static final Set<String> TYPES = Set.of("DOCUMENT_COUNTRY", "PHONE_COUNTRY", "PAYOUT_COUNTRY", "DECLARED_COUNTRY",
            "LOGIN_COUNTRY", "DECLARED_TIMEZONE");

    private Consistency() {
    }

    /** One field on which two services disagree. */
    record Disagreement(String code, String field, Map<String, List<StoredObservation>> bySource, Set<String> sources,
                        Instant firstSeen, Instant lastSeen, int observations, String explanation) {

        JsonNode evidence(ObjectMapper json) {
            ObjectNode evidence = json.createObjectNode();
            evidence.put("kind", "CROSS_SERVICE_DISAGREEMENT");
            evidence.put("field", field);
            ObjectNode sides = evidence.putObject("bySource");
            bySource.forEach((source, observations) -> {
                var list = sides.putArray(source);
                for (StoredObservation o : observations) {
                    list.addObject().put("type", o.type).put("value", o.value).put("observedAt", o.observedAt.toString());
                }
            });
            evidence.put("explanation", explanation);
            return evidence;
        }
    }

    static List<Disagreement> disagreements(List<StoredObservation> facts, Instant asOf) {
        List<Disagreement> found = new ArrayList<>();
        for (Field field : FIELDS) {
            Map<String, List<StoredObservation>> bySource = new TreeMap<>();
            for (StoredObservation o : facts) {
                if (field.types().contains(o.type) && comparable(field, o.value, asOf) != null) {
                    bySource.computeIfAbsent(side(o), s -> new ArrayList<>()).add(o);
                }
            }
            List<String> sources = new ArrayList<>(bySource.keySet());
            Disagreement first = null;
            for (int a = 0; a < sources.size() && first == null; a++) {
                for (int b = a + 1; b < sources.size() && first == null; b++) {
                    List<StoredObservation> left = bySource.get(sources.get(a));
                    List<StoredObservation> right = bySource.get(sources.get(b));
                    Set<String> leftValues = values(field, left, asOf);
                    Set<String> rightValues = values(field, right, asOf);
                    if (!Collections.disjoint(leftValues, rightValues)) {
                        continue;
                    }
                    Map<String, List<StoredObservation>> sides = new LinkedHashMap<>();
                    sides.put(sources.get(a), left);
                    sides.put(sources.get(b), right);
                    Instant firstSeen = max(left.getFirst().observedAt, right.getFirst().observedAt);
                    Instant lastSeen = max(left.getLast().observedAt, right.getLast().observedAt);
                    String explanation = field.name() + ": " + sources.get(a) + " observed " + shown(left) + ", "
                            + sources.get(b) + " observed " + shown(right) + (field.code().equals("PL-10")
                            ? " (different UTC offsets)" : "") + "; no value in common";
                    first = new Disagreement(field.code(), field.name(), sides,
                            new TreeSet<>(List.of(left.getFirst().source, right.getFirst().source)), firstSeen, lastSeen,
                            left.size() + right.size(), explanation);
                }
            }
            if (first != null) {
                found.add(first);
            }
        }
        return found;
    }

    /** The side an observation is compared from: its service, or that service's logins (see the class comment). */
    private static String side(StoredObservation o) {
        return "LOGIN_COUNTRY".equals(o.type) ? o.source + " logins" : o.source;
    }

    private static Set<String> values(Field field, List<StoredObservation> observations, Instant asOf) {
        Set<String> values = new TreeSet<>();
        for (StoredObservation o : observations) {
            values.add(comparable(field, o.value, asOf));
        }
        return values;
    }

    /** The value as compared: a country code upper-cased, a time zone as its offset at asOf (null: unreadable). */
    private static String comparable(Field field, String value, Instant asOf) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!field.code().equals("PL-10")) {
            return value.trim().toUpperCase(Locale.ROOT);
        }
        try {
            return ZoneId.of(value.trim()).getRules().getOffset(asOf).getId();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String shown(List<StoredObservation> observations) {
        Map<String, Set<String>> byValue = new TreeMap<>();
        for (StoredObservation o : observations) {
            byValue.computeIfAbsent(o.value, v -> new TreeSet<>()).add(o.type);
        }
        List<String> parts = new ArrayList<>();
        byValue.forEach((value, types) -> parts.add(value + " (" + String.join(", ", types) + ")"));
        return String.join(" and ", parts);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
