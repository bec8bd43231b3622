package dev.firebreak.aggregator.review;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.kit.persistence.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit history of each worker: tier changes (actor {@code risk-aggregator}), reviews (the analyst), erasures
 * (the admin). Append-only; an erasure removes the worker's evidence and earlier entries and leaves its own entry.
 */
@ApplicationScoped
public class Audit {

    public static final String SYSTEM = "risk-aggregator";

    private final EntityManager em;
    private final ErasedSubjects erased;

    public Audit(EntityManager em, ErasedSubjects erased) {
        this.em = em;
        this.erased = erased;
    }

    /** One entry. */
    public record Entry(String kind, String detail, String actor, Instant at) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String tenantId, String workerId, String kind, String detail, String actor) {
        recordAll(List.of(new New(tenantId, workerId, kind, detail, actor)));
    }

    /** An entry to record. */
    public record New(String tenantId, String workerId, String kind, String detail, String actor) {
    }

    /** Several entries in one statement (arrays, {@code unnest}), in order: one execution, not one per entry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<New> entries) {
        if (entries.isEmpty()) {
            return;
        }
        SetQuery.update(em, """
                        insert into audit_entry (tenant_id, worker_id, kind, detail, actor, recorded_at)
                        select t, w, k, d, a, ? from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::varchar[])
                          with ordinality as u(t, w, k, d, a, n)
                        order by n""", Instant.now(),
                entries.stream().map(New::tenantId).toArray(String[]::new),
                entries.stream().map(New::workerId).toArray(String[]::new),
                entries.stream().map(New::kind).toArray(String[]::new),
                SetQuery.array("text", entries.stream().map(New::detail).toArray()),
                entries.stream().map(New::actor).toArray(String[]::new));
    }

    public List<Entry> history(String tenantId, String workerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select kind, detail, actor, recorded_at from audit_entry
                        where tenant_id = ?1 and (worker_id = ?2 or worker_id = ?3) order by id""")
                .setParameter(1, tenantId).setParameter(2, workerId)
                // an erasure's own entry is kept under the worker's keyed hash: shown to whoever asks by the id
                .setParameter(3, erased.workerHash(tenantId, workerId)).getResultList();
        List<Entry> entries = new ArrayList<>();
        for (Object[] r : rows) {
            entries.add(new Entry((String) r[0], (String) r[1], (String) r[2], Timestamps.instant(r[3])));
        }
        return entries;
    }

    /** Erasure: the worker's earlier entries go with its data (they describe it); the erasure's own entry stays. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseBefore(String tenantId, String workerId) {
        em.createNativeQuery("delete from audit_entry where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
    }
}
