package dev.firebreak.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One red flag observed about one subject, as published on {@code risk.signals}. {@code signalId} is
 * deterministic ({@link MessageIds#signalId}), so a replay yields the same id and consumers de-duplicate on it.
 */
public record RiskSignal(int schemaVersion, UUID signalId, UUID groupId, String tenantId, Subject subject,
                         String code, Severity severity, double confidence, Instant observedAt, Instant expiresAt,
                         String source, String detector, Map<String, Object> evidence, List<String> identifiers) {

    public static final int SCHEMA_VERSION = 1;

    public RiskSignal {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detector, "detector");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1");
        }
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }

    /**
     * A signal with the catalogue's default severity for its code, the expiry its lifetime gives ({@code expiresAt}
     * = {@code observedAt} + the code's lifetime, none for codes that last until withdrawn) and the deterministic id of
     * DESIGN.md.
     *
     * @throws IllegalArgumentException for a code the catalogue does not hold
     */
    public static RiskSignal of(String tenantId, Subject subject, String code, double confidence, Instant observedAt,
                                String source, String detector, Map<String, Object> evidence, List<String> identifiers,
                                List<String> triggeringIds) {
        RedFlag flag = RedFlagCatalogue.standard().require(code);
        return new RiskSignal(SCHEMA_VERSION, MessageIds.signalId(tenantId, code, subject, detector, triggeringIds), null,
                tenantId, subject, code, flag.severity(), confidence, observedAt, flag.expiresAt(observedAt), source, detector,
                evidence, identifiers);
    }

    /** The same signal as one of the per-subject signals of a multi-subject detection. */
    public RiskSignal withGroupId(UUID group) {
        return new RiskSignal(schemaVersion, signalId, group, tenantId, subject, code, severity, confidence, observedAt,
                expiresAt, source, detector, evidence, identifiers);
    }

    /**
     * The same signal withdrawn at {@code at}: its producer no longer finds what raised it (a re-screen, a
     * contradicting date of birth). Published again under the same {@code signalId} with {@code expiresAt} set to the
     * withdrawal and the evidence saying why ({@code withdrawn: {at, reason}}); consumers keep the earliest expiry a
     * signal was given, so a replay of either message changes nothing and the signal stops counting from {@code at}.
     */
    public RiskSignal withdrawn(Instant at, String reason) {
        Map<String, Object> withReason = new LinkedHashMap<>(evidence);
        withReason.put("withdrawn", Map.of("at", at.toString(), "reason", reason));
        return new RiskSignal(schemaVersion, signalId, groupId, tenantId, subject, code, severity, confidence, observedAt,
                expiresAt != null && expiresAt.isBefore(at) ? expiresAt : at, source, detector, withReason, identifiers);
    }

    public String messageKey() {
        return subject.messageKey(tenantId);
    }
}
