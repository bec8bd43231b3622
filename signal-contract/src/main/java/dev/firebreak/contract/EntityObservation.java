package dev.firebreak.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** "Subject S used identifier I at time T", as published on {@code entity.observations}. */
public record EntityObservation(int schemaVersion, UUID observationId, String tenantId, Subject subject,
                                IdentifierType type, String value, Instant observedAt, String source) {

    public static final int SCHEMA_VERSION = 1;

    public EntityObservation {
        Objects.requireNonNull(observationId, "observationId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(source, "source");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1");
        }
    }

    /** An observation whose id is derived from its content and the record it came from (a replay keeps the id). */
    public static EntityObservation of(String tenantId, Subject subject, IdentifierType type, String value,
                                       String originId, Instant observedAt, String source) {
        return new EntityObservation(SCHEMA_VERSION, MessageIds.observationId(tenantId, subject, type, value, originId),
                tenantId, subject, type, value, observedAt, source);
    }

    public String messageKey() {
        return subject.messageKey(tenantId);
    }
}
