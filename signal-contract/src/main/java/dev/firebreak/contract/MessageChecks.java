package dev.firebreak.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits every message on the topics keeps, checked by consumers before they store anything: a message that
 * breaks one is dead-lettered with the reasons this class gives, and never reaches a database column it would not
 * fit. The limits are those of the consumers' columns (ids and sources 100 characters, identifier values 300), plus
 * the event-time window every service accepts (from {@link #EARLIEST} to one day past the reader's clock).
 */
public final class MessageChecks {

    public static final int MAX_ID = 100;
    public static final int MAX_VALUE = 300;
    public static final int MAX_CODE = 10;
    public static final int MAX_IDENTIFIERS = 100;
    /** Evidence as JSON text; detectors write a few hundred characters, a list excerpt a few thousand. */
    public static final int MAX_EVIDENCE_CHARS = 64 * 1024;
    /** No event or observation is older: the platforms and payment rails Firebreak reads did not exist before. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far past the reader's clock an event time may be (a producer's clock running ahead). */
    public static final Duration CLOCK_AHEAD = Duration.ofDays(1);
    /** An expiry past this is a producer's error (PostgreSQL's timestamps end in the year 294276). */
    public static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private MessageChecks() {
    }

    /** Whether an event time lies in the accepted window, read against {@code now}. */
    public static boolean inWindow(Instant t, Instant now) {
        return t != null && !t.isBefore(EARLIEST) && !t.isAfter(now.plus(CLOCK_AHEAD));
    }

    /** The window as a person reads it, for problem documents and dead-letter reasons. */
    public static String window() {
        return "between " + EARLIEST + " and one day past the service's clock";
    }

    /**
     * Reasons the signal breaks the limits, or none.
     *
     * @param evidenceJson the signal's evidence as the consumer writes it (JSON text), measured against the limit
     */
    public static List<String> problems(RiskSignal s, String evidenceJson, String key, Instant now) {
        List<String> problems = new ArrayList<>();
        common(problems, s.tenantId(), s.subject(), s.source(), s.observedAt(), key, s.messageKey(), now);
        text(problems, "code", s.code(), MAX_CODE);
        text(problems, "detector", s.detector(), MAX_ID);
        if (s.expiresAt() != null && (s.expiresAt().isBefore(EARLIEST) || s.expiresAt().isAfter(LATEST_EXPIRY))) {
            problems.add("expiresAt " + s.expiresAt() + " is outside " + EARLIEST + " to " + LATEST_EXPIRY);
        }
        if (s.identifiers().size() > MAX_IDENTIFIERS) {
            problems.add("identifiers has " + s.identifiers().size() + " entries, more than " + MAX_IDENTIFIERS);
        }
        for (String identifier : s.identifiers()) {
            text(problems, "an identifier", identifier, MAX_VALUE);
        }
        if (evidenceJson.length() > MAX_EVIDENCE_CHARS) {
            problems.add("evidence is " + evidenceJson.length() + " characters as JSON, more than " + MAX_EVIDENCE_CHARS);
        }
        return problems;
    }

    /** Reasons the observation breaks the limits, or none. */
    public static List<String> problems(EntityObservation o, String key, Instant now) {
        List<String> problems = new ArrayList<>();
        common(problems, o.tenantId(), o.subject(), o.source(), o.observedAt(), key, o.messageKey(), now);
        text(problems, "value", o.value(), MAX_VALUE);
        return problems;
    }

    /**
     * Whether a text is one line of printable characters: no C0 or C1 control character (U+0000, which PostgreSQL
     * cannot store, among them), no unpaired surrogate. Tabs are refused too: no id, code or identifier has one.
     */
    public static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void common(List<String> problems, String tenantId, Subject subject, String source,
                               Instant observedAt, String key, String expectedKey, Instant now) {
        text(problems, "tenantId", tenantId, MAX_ID);
        optional(problems, "subject.workerId", subject.workerId());
        optional(problems, "subject.accountId", subject.accountId());
        optional(problems, "subject.partyId", subject.partyId());
        text(problems, "source", source, MAX_ID);
        if (!inWindow(observedAt, now)) {
            problems.add("observedAt " + observedAt + " is not " + window());
        }
        if (key != null && !key.equals(expectedKey)) {
            // the key decides the partition (and so the order) of a tenant's subject: one that names another tenant
            // or subject is a producer claiming what it is not
            problems.add("the record's key does not name the message's tenant and subject");
        }
    }

    private static void optional(List<String> problems, String field, String value) {
        if (value != null) {
            text(problems, field, value, MAX_ID);
        }
    }

    private static void text(List<String> problems, String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            problems.add(field + " is empty");
        } else if (value.length() > max) {
            problems.add(field + " has " + value.length() + " characters, more than " + max);
        } else if (!printable(value)) {
            problems.add(field + " has a control character or an unpaired surrogate");
        }
    }
}
