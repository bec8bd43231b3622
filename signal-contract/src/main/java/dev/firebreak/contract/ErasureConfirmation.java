package dev.firebreak.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Published on {@code worker.erasures.confirmed} by a service once it has erased what it held about the worker of a
 * {@link WorkerErasure} (committed, its suppression record kept). One per erasure and service, however often the
 * erasure is delivered: the message id is name-based on both.
 *
 * @param erased what the service removed, by kind (e.g. {@code "documents": 2}); counts only, never values
 */
public record ErasureConfirmation(int schemaVersion, UUID messageId, UUID erasureId, String tenantId, String service,
                                  Instant confirmedAt, Map<String, Integer> erased) {

    public static final int SCHEMA_VERSION = 1;

    public ErasureConfirmation {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        erased = erased == null ? Map.of() : new TreeMap<>(erased);
    }

    public static ErasureConfirmation of(UUID erasureId, String tenantId, String service, Instant confirmedAt,
                                         Map<String, Integer> erased) {
        return new ErasureConfirmation(SCHEMA_VERSION, MessageIds.erasureConfirmationId(erasureId, service), erasureId,
                tenantId, service, confirmedAt, erased);
    }

    public String messageKey() {
        return tenantId + ":" + erasureId;
    }
}
