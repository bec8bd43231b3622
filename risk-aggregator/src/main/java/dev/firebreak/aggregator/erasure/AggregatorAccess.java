package dev.firebreak.aggregator.erasure;

import dev.firebreak.kit.erasure.SubjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

import static dev.firebreak.kit.erasure.SubjectAccess.nonEmpty;
import static dev.firebreak.kit.erasure.SubjectAccess.rows;

/** What the risk-aggregator holds about a worker, for a subject-access export (docs/privacy.md). */
@ApplicationScoped
public class AggregatorAccess implements SubjectAccess {

    private static final String ASSESS = "assessing the risk that the worker is a DPRK IT worker (the OFSI advisory)";

    private final EntityManager em;

    public AggregatorAccess(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public List<Item> held(String tenantId, String workerId) {
        return nonEmpty(
                new Item("assessment", ASSESS, rows(em, """
                        select tier, score, codes, as_of as "asOf" from assessment_state
                        where tenant_id = ? and worker_id = ?""", tenantId, workerId)),
                new Item("signals", ASSESS + ": the red flags the services reported", rows(em, """
                        select s.code, s.severity, s.confidence, s.observed_at as "observedAt",
                               s.expires_at as "expiresAt", s.source, s.detector, s.account_id as "account",
                               s.party_id as "party", s.evidence, s.received_at as "receivedAt"
                        from signal s where s.tenant_id = ? and (s.worker_id = ?
                          or s.account_id in (select value from observation where tenant_id = ? and worker_id = ?
                                              and type = 'PLATFORM_ACCOUNT')
                          or s.party_id in (select value from observation where tenant_id = ? and worker_id = ?
                                            and type = 'PAYMENT_PARTY'))
                        order by s.observed_at, s.signal_id""", tenantId, workerId, tenantId, workerId, tenantId, workerId)),
                new Item("observations", "linking workers who share identifiers (NW-01) and cross-service consistency "
                        + "(ID-02, ID-03)", rows(em, """
                        select type, value, source, observed_at as "observedAt", received_at as "receivedAt"
                        from observation where tenant_id = ? and worker_id = ? order by observed_at, observation_id""",
                        tenantId, workerId)),
                new Item("network", "linking workers who share identifiers (NW-01)", rows(em, """
                        select cluster_id as "clusterId" from worker_cluster where tenant_id = ? and worker_id = ?""",
                        tenantId, workerId)),
                new Item("reviews", "the analysts' decisions about the worker's flags", rows(em, """
                        select code, action, note, analyst, reviewed_at as "reviewedAt" from review
                        where tenant_id = ? and worker_id = ? order by reviewed_at, id""", tenantId, workerId)),
                new Item("case", "the analysts' work on the worker: who has it, how far it is, their notes", rows(em, """
                        select c.status, c.assignee, c.updated_by as "updatedBy", c.updated_at as "updatedAt",
                               n.note, n.author, n.written_at as "writtenAt"
                        from worker_case c left join case_note n on n.tenant_id = c.tenant_id and n.worker_id = c.worker_id
                        where c.tenant_id = ? and c.worker_id = ? order by n.id""", tenantId, workerId)),
                new Item("webhookEvents", "telling the tenant's own systems that the worker's assessment changed "
                        + "(its webhooks; kept 30 days for replays)", rows(em, """
                        select e.payload, e.changed_at as "changedAt",
                               (select count(*) from webhook_delivery d where d.event_id = e.id
                                  and d.delivered_at is not null) as "deliveries"
                        from webhook_event e where e.tenant_id = ? and e.worker_id = ? order by e.changed_at, e.id""",
                        tenantId, workerId)),
                new Item("history", "the audit history of the worker's assessment", rows(em, """
                        select kind, detail, actor, recorded_at as "recordedAt" from audit_entry
                        where tenant_id = ? and worker_id = ? order by id""", tenantId, workerId)));
    }
}
