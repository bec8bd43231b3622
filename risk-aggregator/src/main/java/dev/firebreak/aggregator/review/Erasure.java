package dev.firebreak.aggregator.review;

import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.kit.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Set;

/**
 * Erasure of a worker on request (DESIGN.md "Privacy"): its signals, observations (so the accounts and parties
 * tied to it no longer resolve to it), links, reviews, assessment state, published assessment messages and audit
 * history go; one audit entry records the erasure itself. The workers it was linked to are re-clustered and
 * re-assessed (their NW-01 may have rested on it).
 */
@ApplicationScoped
public class Erasure {

    private final EntityManager em;
    private final Links links;
    private final Reviews reviews;
    private final Audit audit;
    private final AssessmentRefresh refresh;

    public Erasure(EntityManager em, Links links, Reviews reviews, Audit audit, AssessmentRefresh refresh) {
        this.em = em;
        this.links = links;
        this.reviews = reviews;
        this.audit = audit;
        this.refresh = refresh;
    }

    /** What an erasure removed. */
    public record Erased(int signals, int observations, int formerlyLinked) {
    }

    @Transactional
    public Erased erase(String tenantId, String workerId, String actor) {
        int signals = delete("delete from signal where tenant_id = ?1 and worker_id = ?2", tenantId, workerId);
        int observations = delete("delete from observation where tenant_id = ?1 and worker_id = ?2", tenantId, workerId);
        boolean assessed = refresh.known(tenantId, workerId);
        if (signals == 0 && observations == 0 && !assessed) {
            throw ProblemException.notFound("worker " + workerId);
        }
        Set<String> formerlyLinked = links.erase(tenantId, workerId);
        reviews.erase(tenantId, workerId);
        refresh.erase(tenantId, workerId);
        delete("delete from outbox where tenant_id = ?1 and worker_id = ?2", tenantId, workerId);
        audit.eraseBefore(tenantId, workerId);
        audit.record(tenantId, workerId, "ERASURE", "erased on request: " + signals + " signal(s), " + observations
                + " observation(s), links to " + formerlyLinked.size() + " worker(s)", actor);
        refresh.refresh(tenantId, formerlyLinked);
        return new Erased(signals, observations, formerlyLinked.size());
    }

    private int delete(String sql, String tenantId, String workerId) {
        return em.createNativeQuery(sql).setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
    }
}
