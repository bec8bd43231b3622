package dev.firebreak.kit.erasure;

import java.util.Map;
import java.util.UUID;

/**
 * A service's erasure of one worker: everything it holds about the worker, and about the accounts and parties only
 * that worker holds (recording their suppression through {@link ErasedSubjects}); what concerns other workers stays.
 * Runs inside the caller's transaction; the worker's own suppression record is kept by the caller. Idempotent: a
 * second call finds nothing and returns zero counts.
 */
public interface WorkerEraser {

    /** @return what was removed, by kind (e.g. {@code "documents" -> 2}); counts only */
    Map<String, Integer> erase(String tenantId, String workerId, UUID erasureId);

    /**
     * After {@link #erase} of a request to this service alone (its own DELETE), in the same transaction: what the
     * service must start for what {@code erase} does not reach itself (platform-signals-service: its topology).
     */
    default void erasedAlone(String tenantId, String workerId, UUID erasureId, String subjectHash) {
    }
}
