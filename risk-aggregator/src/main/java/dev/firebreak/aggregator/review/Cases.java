package dev.firebreak.aggregator.review;

import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cases (issue 26): who works on a worker (the assignee) and how far they are (OPEN, IN_REVIEW, CLOSED), with the
 * notes written on it. A worker without a stored case has an open, unassigned one at version 0. Every change is
 * audited in the worker's history; concurrent edits are refused rather than lost (the version, {@code If-Match}).
 */
@ApplicationScoped
public class Cases {

    public enum Status { OPEN, IN_REVIEW, CLOSED }

    /** A note written on a case. */
    public record Note(String note, String author, Instant at) {
    }

    /** A worker's case; {@code updatedAt} and {@code updatedBy} are null while it was never changed. */
    public record Case(String workerId, Status status, String assignee, int version, Instant updatedAt,
                       String updatedBy, List<Note> notes) {
    }

    /** What the worker list shows of a case. */
    public record Summary(Status status, String assignee) {
    }

    private final EntityManager em;
    private final Audit audit;

    public Cases(EntityManager em, Audit audit) {
        this.em = em;
        this.audit = audit;
    }

    /** The worker's case, or its open, unassigned one if it has none stored. */
    public Case get(String tenantId, String workerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select status, assignee, version, updated_at, updated_by from worker_case
                        where tenant_id = ?1 and worker_id = ?2""")
                .setParameter(1, tenantId).setParameter(2, workerId).getResultList();
        List<Note> notes = new ArrayList<>();
        SetQuery.once(em, """
                        select note, author, written_at from case_note where tenant_id = ? and worker_id = ?
                        order by id""",
                r -> notes.add(new Note(r.getString(1), r.getString(2), SetQuery.instant(r, "written_at"))),
                tenantId, workerId);
        if (rows.isEmpty()) {
            return new Case(workerId, Status.OPEN, null, 0, null, null, notes);
        }
        Object[] r = rows.getFirst();
        return new Case(workerId, Status.valueOf((String) r[0]), (String) r[1], ((Number) r[2]).intValue(),
                dev.firebreak.kit.persistence.Timestamps.instant(r[3]), (String) r[4], notes);
    }

    /** Whether a case was ever stored for the worker. */
    public boolean exists(String tenantId, String workerId) {
        return !em.createNativeQuery("select 1 from worker_case where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).getResultList().isEmpty();
    }

    /**
     * Changes the case: a null {@code status} or {@code assignee} leaves it as it is, an empty assignee unassigns; a
     * note is added. With {@code expectedVersion}, a case changed since that version is refused (412). A request that
     * changes nothing and adds no note leaves the version as it is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Case update(String tenantId, String workerId, Status status, String assignee, String note,
                       Integer expectedVersion, String actor) {
        // the row first (open, unassigned, version 0), so that two first edits serialise on its lock
        em.createNativeQuery("""
                        insert into worker_case (tenant_id, worker_id, status, assignee, version, updated_at, updated_by)
                        values (?1, ?2, 'OPEN', null, 0, ?3, ?4) on conflict do nothing""")
                .setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, Instant.now())
                .setParameter(4, actor).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("""
                        select status, assignee, version from worker_case where tenant_id = ?1 and worker_id = ?2
                        for update""")
                .setParameter(1, tenantId).setParameter(2, workerId).getSingleResult();
        Status was = Status.valueOf((String) row[0]);
        String assignedWas = (String) row[1];
        int version = ((Number) row[2]).intValue();
        if (expectedVersion != null && expectedVersion != version) {
            throw new ProblemException(412, "Precondition Failed", "the case changed since version " + expectedVersion
                    + " was read; it is at version " + version);
        }
        Status now = status == null ? was : status;
        String assigned = assignee == null ? assignedWas : assignee.isBlank() ? null : assignee.trim();
        boolean noted = note != null && !note.isBlank();
        List<String> changes = new ArrayList<>();
        if (now != was) {
            changes.add("status " + was + " → " + now);
        }
        if (!java.util.Objects.equals(assigned, assignedWas)) {
            changes.add(assigned == null ? "unassigned" : "assigned to " + assigned);
        }
        if (changes.isEmpty() && !noted) {
            return get(tenantId, workerId);
        }
        Instant at = Instant.now();
        em.createNativeQuery("""
                        update worker_case set status = ?3, assignee = ?4, version = version + 1, updated_at = ?5,
                          updated_by = ?6 where tenant_id = ?1 and worker_id = ?2""")
                .setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, now.name())
                .setParameter(4, assigned).setParameter(5, at).setParameter(6, actor).executeUpdate();
        if (noted) {
            em.createNativeQuery("""
                            insert into case_note (tenant_id, worker_id, note, author, written_at)
                            values (?1, ?2, ?3, ?4, ?5)""")
                    .setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, note.strip())
                    .setParameter(4, actor).setParameter(5, at).executeUpdate();
            changes.add("note: " + note.strip());
        }
        audit.record(tenantId, workerId, "CASE", String.join("; ", changes), actor);
        return get(tenantId, workerId);
    }

    /** The stored cases of these workers (one statement); a worker without one is not in the map. */
    public Map<String, Summary> summaries(String tenantId, Collection<String> workers) {
        Map<String, Summary> cases = new HashMap<>();
        SetQuery.run(em, "select worker_id, status, assignee from worker_case where tenant_id = ? and worker_id = any(?)",
                workers, r -> cases.put(r.getString(1), new Summary(Status.valueOf(r.getString(2)), r.getString(3))),
                tenantId, SetQuery.SET);
        return cases;
    }

    /** Erasure: the worker's case and its notes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int erase(String tenantId, String workerId) {
        int notes = em.createNativeQuery("delete from case_note where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
        return notes + em.createNativeQuery("delete from worker_case where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
    }
}
