package dev.firebreak.platform.erasure;

import dev.firebreak.kit.erasure.SubjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

import static dev.firebreak.kit.erasure.SubjectAccess.nonEmpty;
import static dev.firebreak.kit.erasure.SubjectAccess.rows;

/**
 * What platform-signals-service holds about a worker in its database, for a subject-access export: the events its
 * API took naming the worker and the signals about those accounts. (The topology's state is derived from the same
 * events, within the detectors' windows.)
 */
@ApplicationScoped
public class PlatformAccess implements SubjectAccess {

    private final EntityManager em;

    public PlatformAccess(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public List<Item> held(String tenantId, String workerId) {
        return nonEmpty(
                new Item("events", "platform behaviour red flags (PL-01 to PL-18)", rows(em, """
                        select event_id as "eventId", type, account_id as "accountId", occurred_at as "occurredAt",
                               ip, case when device_hash is null then null else 'held as a keyed hash' end as "device",
                               attributes, received_at as "receivedAt"
                        from platform_event where tenant_id = ? and worker_id = ? order by occurred_at, id""",
                        tenantId, workerId)),
                new Item("signals", "red flags raised about the worker's accounts, sent to the risk-aggregator", rows(em, """
                        select s.payload as "signal", s.observed_at as "observedAt" from platform_signal s
                        where s.tenant_id = ? and s.account_id in (select distinct account_id from platform_event
                                                                   where tenant_id = ? and worker_id = ?)
                        order by s.observed_at""", tenantId, tenantId, workerId)));
    }
}
