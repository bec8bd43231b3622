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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Analysts' reviews of a worker: CONFIRM, DISMISS (suppresses one code for the worker until newer evidence of it)
 * or ESCALATE, each audited. The assessment reads the last review per code at its {@code asOf}.
 */
@ApplicationScoped
public class Reviews {

    public static final Set<String> ACTIONS = Set.of("CONFIRM", "DISMISS", "ESCALATE");
    /** The key of reviews about the whole assessment rather than one code. */
    public static final String WHOLE = "*";

    private final EntityManager em;
    private final Audit audit;

    public Reviews(EntityManager em, Audit audit) {
        this.em = em;
        this.audit = audit;
    }

    /** One review. */
    public record Review(long id, String code, String action, String note, String analyst, Instant at) {
        public boolean dismisses() {
            return "DISMISS".equals(action);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Review add(String tenantId, String workerId, String code, String action, String note, String analyst) {
        if (!ACTIONS.contains(action)) {
            throw ProblemException.invalidField("action", "must be one of CONFIRM, DISMISS, ESCALATE");
        }
        if ("DISMISS".equals(action) && code == null) {
            throw ProblemException.invalidField("code", "a dismissal names the code it dismisses");
        }
        Instant now = Instant.now();
        Object id = em.createNativeQuery("""
                        insert into review (tenant_id, worker_id, code, action, note, analyst, reviewed_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7) returning id""")
                .setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, code).setParameter(4, action)
                .setParameter(5, note).setParameter(6, analyst).setParameter(7, now).getSingleResult();
        audit.record(tenantId, workerId, "REVIEW", action + (code == null ? "" : " " + code)
                + (note == null || note.isBlank() ? "" : ": " + note), analyst);
        return new Review(((Number) id).longValue(), code, action, note, analyst, now);
    }

    /** The last review of each code (and of the whole assessment, under {@link #WHOLE}) up to {@code asOf}. */
    public static Map<String, Review> lastPerCode(List<Review> reviews, Instant asOf) {
        Map<String, Review> last = new LinkedHashMap<>();
        for (Review review : reviews) {
            if (!review.at().isAfter(asOf)) {
                last.put(review.code() == null ? WHOLE : review.code(), review);
            }
        }
        return last;
    }

    /** Every review of the worker, oldest first. */
    public List<Review> all(String tenantId, String workerId) {
        return allOf(tenantId, List.of(workerId)).get(workerId);
    }

    /** Every review of each worker, oldest first; one statement for the whole set. */
    public Map<String, List<Review>> allOf(String tenantId, Collection<String> workers) {
        Map<String, List<Review>> byWorker = new HashMap<>();
        workers.forEach(w -> byWorker.put(w, new ArrayList<>()));
        SetQuery.run(em, """
                        select worker_id, id, code, action, note, analyst, reviewed_at from review
                        where tenant_id = ? and worker_id = any(?) order by worker_id, reviewed_at, id""",
                workers, r -> byWorker.get(r.getString(1)).add(new Review(r.getLong(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), SetQuery.instant(r, "reviewed_at"))), tenantId, SetQuery.SET);
        return byWorker;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int erase(String tenantId, String workerId) {
        return em.createNativeQuery("delete from review where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
    }
}
