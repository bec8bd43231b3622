package dev.firebreak.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Published on {@code worker.erasures} by the risk-aggregator when a tenant's admin asks for a worker's erasure;
 * every service consumes it, erases what it holds about the worker (and the accounts and parties only that worker
 * holds), keeps the {@code subjectHash} as a suppression record and confirms on {@code worker.erasures.confirmed}.
 *
 * <p>The topic is compacted and kept forever, so a service that starts from empty stores still learns every
 * suppression. Its key is the tenant and the worker's keyed hash ({@link #messageKey}), never the clear id, and once
 * every service has confirmed, the aggregator publishes the settled form under the same key: {@code workerId} absent,
 * {@code settledAt} set. Compaction then leaves only the hash behind.
 *
 * @param erasureId   the erasure's id ({@code GET /api/v1/erasures/{id}}); also the message id
 * @param workerId    the worker's id in clear while the erasure is under way; absent in the settled form
 * @param subjectHash keyed hash (HMAC, deployment key) of tenant and worker: the suppression record
 */
public record WorkerErasure(int schemaVersion, UUID erasureId, String tenantId, String workerId, String subjectHash,
                            Instant requestedAt, Instant settledAt) {

    public static final int SCHEMA_VERSION = 1;

    public WorkerErasure {
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(subjectHash, "subjectHash");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (workerId == null && settledAt == null) {
            throw new IllegalArgumentException("an erasure names its worker until it is settled");
        }
    }

    public static WorkerErasure requested(UUID erasureId, String tenantId, String workerId, String subjectHash,
                                          Instant requestedAt) {
        return new WorkerErasure(SCHEMA_VERSION, erasureId, tenantId, Objects.requireNonNull(workerId, "workerId"),
                subjectHash, requestedAt, null);
    }

    /** The form left on the topic once every service confirmed: the hash, not the worker. */
    public WorkerErasure settled(Instant at) {
        return new WorkerErasure(schemaVersion, erasureId, tenantId, null, subjectHash, requestedAt, at);
    }

    public boolean isSettled() {
        return workerId == null;
    }

    public String messageKey() {
        return tenantId + ":" + subjectHash;
    }
}
