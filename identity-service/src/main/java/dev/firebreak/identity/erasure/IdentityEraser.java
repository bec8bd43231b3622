package dev.firebreak.identity.erasure;

import dev.firebreak.kit.erasure.WorkerEraser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * identity-service's erasure of a worker: its documents (with their photo segments), profile snapshots (names, dates,
 * contact hashes, history), attestations, shipping requests, the signals it raised about the worker (kept for the
 * GET endpoint) and its unsent outbox messages. Nothing here is shared between workers: a document number two
 * workers submitted is two rows, each the submitting worker's.
 */
@ApplicationScoped
public class IdentityEraser implements WorkerEraser {

    private final EntityManager em;

    public IdentityEraser(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> erase(String tenantId, String workerId, UUID erasureId) {
        Map<String, Integer> erased = new LinkedHashMap<>();
        erased.put("documents", delete("document", tenantId, workerId));
        erased.put("profiles", delete("profile", tenantId, workerId));
        erased.put("attestations", delete("attestation", tenantId, workerId));
        erased.put("shippingRequests", delete("shipping_request", tenantId, workerId));
        erased.put("signals", delete("published_signal", tenantId, workerId));
        erased.put("outboxMessages", delete("outbox", tenantId, workerId));
        return erased;
    }

    /** {@code table} is one of this class's own names, never input. */
    private int delete(String table, String tenantId, String workerId) {
        return em.createNativeQuery("delete from " + table + " where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
    }
}
