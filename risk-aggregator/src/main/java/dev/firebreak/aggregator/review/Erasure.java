package dev.firebreak.aggregator.review;

import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.aggregator.webhook.Webhooks;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.erasure.WorkerEraser;
import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The aggregator's erasure of a worker (issue 29): its signals and observations, and those of the platform accounts
 * and payment parties only it held (by PLATFORM_ACCOUNT / PAYMENT_PARTY observations; such an account or party is
 * suppressed too), its links, reviews, case and case notes, assessment state, unpublished assessment messages, webhook
 * events and deliveries (sent or not) and audit history. An account
 * or party another worker also holds keeps its evidence: it concerns that worker. One audit entry records the erasure,
 * under the worker's keyed hash, not its id. The workers it was linked to are re-clustered and re-assessed (their
 * NW-01 may have rested on it).
 */
@ApplicationScoped
public class Erasure implements WorkerEraser {

    private final EntityManager em;
    private final Links links;
    private final Reviews reviews;
    private final Cases cases;
    private final Audit audit;
    private final AssessmentRefresh refresh;
    private final ErasedSubjects subjects;
    private final Webhooks webhooks;

    public Erasure(EntityManager em, Links links, Reviews reviews, Cases cases, Audit audit, AssessmentRefresh refresh,
                   ErasedSubjects subjects, Webhooks webhooks) {
        this.webhooks = webhooks;
        this.em = em;
        this.links = links;
        this.reviews = reviews;
        this.cases = cases;
        this.audit = audit;
        this.refresh = refresh;
        this.subjects = subjects;
    }

    /** Whether the aggregator holds anything about the worker. */
    public boolean holds(String tenantId, String workerId) {
        return refresh.known(tenantId, workerId) || !em.createNativeQuery("""
                        select 1 from signal where tenant_id = ?1 and worker_id = ?2
                        union all select 1 from observation where tenant_id = ?1 and worker_id = ?2 limit 1""")
                .setParameter(1, tenantId).setParameter(2, workerId).getResultList().isEmpty();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> erase(String tenantId, String workerId, UUID erasureId) {
        List<String> accounts = soleHoldings(tenantId, workerId, Links.PLATFORM_ACCOUNT);
        List<String> parties = soleHoldings(tenantId, workerId, Links.PAYMENT_PARTY);
        String[] accountArray = accounts.toArray(String[]::new);
        String[] partyArray = parties.toArray(String[]::new);
        int signals = SetQuery.update(em, """
                        delete from signal where tenant_id = ?
                          and (worker_id = ? or account_id = any(?::varchar[]) or party_id = any(?::varchar[]))""",
                tenantId, workerId, accountArray, partyArray);
        int observations = SetQuery.update(em, """
                        delete from observation where tenant_id = ?
                          and (worker_id = ? or account_id = any(?::varchar[]) or party_id = any(?::varchar[]))""",
                tenantId, workerId, accountArray, partyArray);
        boolean assessed = refresh.known(tenantId, workerId);
        Set<String> formerlyLinked = links.erase(tenantId, workerId);
        int reviewed = reviews.erase(tenantId, workerId);
        int cased = cases.erase(tenantId, workerId);
        refresh.erase(tenantId, workerId);
        int outbox = em.createNativeQuery("delete from outbox where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
        int webhookItems = webhooks.erase(tenantId, workerId);
        audit.eraseBefore(tenantId, workerId);
        for (String account : accounts) {
            subjects.record(tenantId, ErasedSubjects.Kind.ACCOUNT, account, erasureId);
        }
        for (String party : parties) {
            subjects.record(tenantId, ErasedSubjects.Kind.PARTY, party, erasureId);
        }
        if (signals + observations > 0 || assessed) {
            audit.record(tenantId, subjects.workerHash(tenantId, workerId), "ERASURE", "erasure " + erasureId + ": "
                    + signals + " signal(s), " + observations + " observation(s), " + accounts.size() + " account(s) and "
                    + parties.size() + " part(ies) only it held, links to " + formerlyLinked.size() + " worker(s)",
                    Audit.SYSTEM);
        }
        refresh.refresh(tenantId, formerlyLinked);
        Map<String, Integer> erased = new LinkedHashMap<>();
        erased.put("signals", signals);
        erased.put("observations", observations);
        erased.put("accounts", accounts.size());
        erased.put("parties", parties.size());
        erased.put("assessments", assessed ? 1 : 0);
        erased.put("reviews", reviewed);
        erased.put("cases", cased);
        erased.put("outboxMessages", outbox);
        erased.put("webhookEventsAndDeliveries", webhookItems);
        return erased;
    }

    /** The accounts (or parties) the worker holds that no other worker of the tenant holds. */
    @SuppressWarnings("unchecked")
    private List<String> soleHoldings(String tenantId, String workerId, String type) {
        return em.createNativeQuery("""
                        select distinct o.value from observation o
                        where o.tenant_id = ?1 and o.worker_id = ?2 and o.type = ?3
                          and not exists (select 1 from observation x where x.tenant_id = o.tenant_id and x.type = o.type
                                          and x.value = o.value and x.worker_id <> o.worker_id)
                        order by 1""")
                .setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, type).getResultList();
    }
}
