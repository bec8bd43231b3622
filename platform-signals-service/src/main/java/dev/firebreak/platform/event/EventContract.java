package dev.firebreak.platform.event;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The platform event contract: for each {@link EventType}, the fields of its own it must carry and those it may,
 * each with its kind and the detectors it feeds. One definition serves three readers: the intake's checks (a REST
 * batch element and a topic message alike: a missing required field or a field of the wrong kind is refused, naming
 * the field), the OpenAPI document (a schema per type, a discriminated union on {@code type}:
 * {@code api/EventSchemas}), and the coverage answer (which detectors a tenant's data can feed, and which fields it
 * never sends: {@code coverage/}).
 *
 * <p>Required means: without it the event tells no detector anything (a rating without its client, a message without
 * its text). A field the contract does not name is still accepted within the event's limits ({@code EventLimits}):
 * platforms send more than we read, and refusing it would gain nothing.
 */
public final class EventContract {

    /** What a field holds. */
    public enum Kind {
        /** A text, at most {@code EventLimits.MAX_TEXT} characters. */
        TEXT,
        /** An identifier of the tenant's (1–100 letters, digits and {@code . _ : @ -}). */
        ID,
        /** A number. */
        NUMBER,
        /** An ISO 3166-1 alpha-2 country code. */
        COUNTRY,
        /** A time zone of the IANA database. */
        TIME_ZONE,
        /** Working hours as {@code HH:MM-HH:MM} in the declared time zone. */
        HOURS,
        /** One of the field's {@code choices}, in any case. */
        CHOICE,
        /** A list of texts. */
        TEXT_LIST,
        /** A list of TCP ports (1–65535). */
        PORT_LIST
    }

    /** One field of a type: name, kind, whether it is required, its choices (for {@link Kind#CHOICE}), what it feeds. */
    public record Field(String name, Kind kind, boolean required, List<String> choices, List<String> feeds,
                        String description) {
    }

    /** One type: what it reports, the detectors the event itself feeds, and its fields. */
    public record Spec(EventType type, String description, List<String> feeds, List<Field> fields) {
        public List<Field> required() {
            return fields.stream().filter(Field::required).toList();
        }
    }

    /** The common fields and what they feed (every type carries them). */
    public static final List<Field> COMMON = List.of(
            new Field("workerId", Kind.ID, false, List.of(), List.of("NW-01", "ID-02", "ID-03"),
                    "the worker the account belongs to, as the tenant names it: links the account's signals to the worker, "
                            + "its network and the other services' evidence"),
            new Field("ip", Kind.TEXT, false, List.of(), List.of("PL-01", "PL-02", "PL-08"),
                    "the IPv4 or IPv6 address the event came from"),
            new Field("deviceId", Kind.TEXT, false, List.of(), List.of("PL-11", "PL-02"),
                    "the platform's identifier of the device (kept only as a keyed hash)"));

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    /** Declared working hours, {@code HH:MM-HH:MM} (PL-10 reads them with the same pattern). */
    public static final String HOURS_PATTERN = "([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d";
    public static final Pattern HOURS = Pattern.compile(HOURS_PATTERN);
    private static final Map<EventType, Spec> SPECS = specs();

    private EventContract() {
    }

    public static Spec of(EventType type) {
        return SPECS.get(type);
    }

    public static List<Spec> all() {
        return List.copyOf(SPECS.values());
    }

    /**
     * The first problem of an event's own fields against its type's contract, as {@code field: what is wrong}, or
     * null. Fields the contract does not name are not looked at here.
     */
    public static String problem(EventType type, Map<String, Object> fields) {
        Spec spec = SPECS.get(type);
        if (spec == null) {
            return null;
        }
        for (Field field : spec.fields()) {
            Object value = fields.get(field.name());
            if (value == null || value instanceof String s && s.isBlank()) {
                if (field.required()) {
                    return field.name() + ": is required for a " + type + " event (" + field.description() + ")";
                }
                continue;
            }
            String wrong = wrong(field, value);
            if (wrong != null) {
                return field.name() + ": " + wrong;
            }
        }
        return null;
    }

    private static String wrong(Field field, Object value) {
        return switch (field.kind()) {
            case TEXT -> value instanceof String ? null : "must be a text";
            case ID -> value instanceof String s && ID.matcher(s).matches() ? null
                    : "must be 1-100 characters of letters, digits and . _ : @ -";
            case NUMBER -> value instanceof Number ? null : "must be a number";
            case COUNTRY -> value instanceof String s && COUNTRY.matcher(s.strip()).matches() ? null
                    : "must be an ISO 3166-1 alpha-2 code, e.g. PL";
            case TIME_ZONE -> value instanceof String s && timeZone(s.strip()) ? null
                    : "must be a time zone of the IANA database, e.g. Europe/Warsaw";
            case HOURS -> value instanceof String s && HOURS.matcher(s.strip()).matches() ? null
                    : "must be HH:MM-HH:MM, e.g. 22:00-06:00";
            case CHOICE -> value instanceof String s && field.choices().contains(s.strip().toUpperCase(Locale.ROOT))
                    ? null : "must be one of " + field.choices();
            case TEXT_LIST -> value instanceof Collection<?> c && c.stream().allMatch(v -> v instanceof String) ? null
                    : "must be a list of texts";
            case PORT_LIST -> value instanceof Collection<?> c && c.stream().allMatch(EventContract::port) ? null
                    : "must be a list of port numbers (1-65535)";
        };
    }

    private static boolean port(Object value) {
        return value instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 65535;
    }

    private static boolean timeZone(String zone) {
        if (zone.length() > 64) {
            return false; // no zone id is longer; ZoneId need not parse a long text
        }
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Every detector code some event or field feeds. */
    public static Set<String> codes() {
        Set<String> codes = new TreeSet<>();
        for (Spec spec : SPECS.values()) {
            codes.addAll(spec.feeds());
            spec.fields().forEach(f -> codes.addAll(f.feeds()));
        }
        COMMON.forEach(f -> codes.addAll(f.feeds()));
        codes.removeIf(c -> !c.matches("[A-Z]{2}-\\d{2}"));
        return codes;
    }

    private static Field required(String name, Kind kind, List<String> feeds, String description) {
        return new Field(name, kind, true, List.of(), feeds, description);
    }

    private static Field optional(String name, Kind kind, List<String> feeds, String description) {
        return new Field(name, kind, false, List.of(), feeds, description);
    }

    private static Map<EventType, Spec> specs() {
        Map<EventType, Spec> specs = new EnumMap<>(EventType.class);
        add(specs, EventType.ACCOUNT_CREATED, "the account was opened", List.of("PL-02", "PL-13"),
                optional("declaredCountry", Kind.COUNTRY, List.of("ID-02"),
                        "the country the holder declared (a DECLARED_COUNTRY observation, cross-checked with documents)"),
                optional("declaredTimezone", Kind.TIME_ZONE, List.of("PL-10"),
                        "the time zone the holder declared: the day PL-10 measures activity against"),
                optional("declaredWorkingHours", Kind.HOURS, List.of("PL-10"),
                        "the working hours the holder declared, in that zone (a night-shift worker who says so is not flagged)"));
        add(specs, EventType.ACCOUNT_VERIFIED, "the platform finished verifying the account", List.of("PL-13"));
        add(specs, EventType.LOGIN, "the holder logged in", List.of("PL-01", "PL-02", "PL-03", "PL-06", "PL-08"));
        add(specs, EventType.LOGOUT, "the holder logged out (ends a run of activity)", List.of("PL-03"));
        add(specs, EventType.HEARTBEAT, "the holder's session was active", List.of("PL-03", "PL-10"));
        add(specs, EventType.BID, "the holder bid on a project", List.of("PL-03", "PL-06", "PL-10", "PL-13"),
                optional("text", Kind.TEXT, List.of("PL-04"), "the bid's text (near-duplicate templates across accounts)"),
                optional("tags", Kind.TEXT_LIST, List.of("PL-18"), "the project's tags (web3, blockchain, crypto projects)"));
        add(specs, EventType.BID_ACCEPTED, "a client accepted the holder's bid", List.of("PL-06"),
                optional("clientId", Kind.ID, List.of("PL-05"),
                        "the client who hired: its later ratings of this account are not counted as a rating burst"));
        add(specs, EventType.RATING, "a client rated the holder's work", List.of(),
                required("clientId", Kind.ID, List.of("PL-05"), "the client who rated"),
                required("rating", Kind.NUMBER, List.of("PL-05"), "the rating on the platform's 0-5 scale"));
        add(specs, EventType.PROFILE_TEXT, "the holder wrote or changed the profile's text", List.of("PL-03"),
                required("text", Kind.TEXT, List.of("PL-04"), "the profile's text"));
        add(specs, EventType.MESSAGE, "a message between the holder and a client", List.of("PL-03"),
                // optional: a platform may keep its messages' texts to itself and still feed PL-17 with their times
                optional("text", Kind.TEXT, List.of("PL-12"), "the message's text"),
                new Field("direction", Kind.CHOICE, false, List.of("FROM_CLIENT", "TO_CLIENT"), List.of("PL-12", "PL-17"),
                        "who wrote it: a client's message is never read for PL-12, and PL-17 measures the holder's replies to clients"));
        add(specs, EventType.PORT_CHECK, "the platform checked the holder's machine for remote-access ports", List.of(),
                required("openPorts", Kind.PORT_LIST, List.of("PL-09"), "the ports found open (an empty list: none)"),
                optional("tool", Kind.TEXT, List.of("PL-09"), "a remote-access tool the check found running"));
        add(specs, EventType.OWNERSHIP_CHANGE, "the account's contact or payout details were replaced", List.of(),
                required("changed", Kind.TEXT_LIST, List.of("PL-07"),
                        "what was replaced: EMAIL, PHONE, PAYOUT_ACCOUNT, DEVICE (others are kept and not read)"));
        add(specs, EventType.ENGAGEMENT_REPORT, "a client reported how an engagement went", List.of(),
                required("kind", Kind.TEXT, List.of("PL-14", "PL-15", "PL-16"),
                        "what happened, e.g. MISSED_CHECKIN, PREPAYMENT_REQUEST, SOURCE_CODE_THREAT, BUG_BOUNTY"),
                optional("note", Kind.TEXT, List.of(), "the reporter's words (shown as evidence)"));
        add(specs, EventType.INCIDENT, "the platform recorded an incident about the account", List.of(),
                required("kind", Kind.TEXT, List.of("PL-15", "PL-16"),
                        "what happened, e.g. EXTORTION, DATA_RELEASE_THREAT, VULNERABILITY_HUNTING"),
                optional("note", Kind.TEXT, List.of(), "the reporter's words (shown as evidence)"));
        add(specs, EventType.REFERRAL, "another account recommended this one", List.of(),
                required("referrerAccountId", Kind.ID, List.of("NW-02"), "the account that recommended it"));
        return specs;
    }

    private static void add(Map<EventType, Spec> specs, EventType type, String description, List<String> feeds,
                            Field... fields) {
        specs.put(type, new Spec(type, description, feeds, List.of(fields)));
    }
}
