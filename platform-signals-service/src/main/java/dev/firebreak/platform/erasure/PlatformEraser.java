package dev.firebreak.platform.erasure;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.erasure.WorkerEraser;
import dev.firebreak.kit.outbox.Outbox;
import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.platform.signal.StreamMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * platform-signals-service's database side of an erasure: the events the REST API took about the worker (IPs,
 * devices as hashes, attributes) and every event of the accounts only that worker was named on, those accounts'
 * signals kept for {@code GET /accounts/{id}/signals}, and unsent outbox messages; the accounts are suppressed. The
 * detector topology's state is erased by the topology itself ({@code worker.erasures} is one of its inputs; it confirms
 * as {@code platform-signals-detectors}), and each account it erases comes back here through
 * {@code platform.accounts.erased} ({@link AccountErasures}): accounts known only from Kafka included.
 */
@ApplicationScoped
public class PlatformEraser implements WorkerEraser {

    private final EntityManager em;
    private final ErasedSubjects subjects;
    private final Outbox outbox;

    public PlatformEraser(EntityManager em, ErasedSubjects subjects, Outbox outbox) {
        this.em = em;
        this.subjects = subjects;
        this.outbox = outbox;
    }

    /**
     * The service's own DELETE: the topology learns of it on {@code platform.workers.erased} (through the outbox, in
     * the erasure's transaction), which only this service reads, and erases the worker's accounts as for a
     * {@code worker.erasures} notice, without confirming to an aggregator that did not ask.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void erasedAlone(String tenantId, String workerId, UUID erasureId, String subjectHash) {
        StreamMessages.Message m = StreamMessages.localErasure(erasureId, tenantId, workerId, subjectHash);
        outbox.enqueue(erasureId, m.topic(), m.key(), tenantId, null, new String(m.payload(), StandardCharsets.UTF_8));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> erase(String tenantId, String workerId, UUID erasureId) {
        List<String> accounts = new ArrayList<>();
        SetQuery.once(em, """
                        select distinct e.account_id from platform_event e where e.tenant_id = ? and e.worker_id = ?
                          and not exists (select 1 from platform_event o where o.tenant_id = e.tenant_id
                                          and o.account_id = e.account_id and o.worker_id <> e.worker_id)
                        order by 1""",
                row -> accounts.add(row.getString(1)), tenantId, workerId);
        Map<String, Integer> erased = new LinkedHashMap<>();
        erased.put("accounts", accounts.size());
        erased.putAll(eraseAccounts(tenantId, workerId, accounts.toArray(String[]::new)));
        for (String account : accounts) {
            subjects.record(tenantId, ErasedSubjects.Kind.ACCOUNT, account, erasureId);
        }
        return erased;
    }

    /** The rows of the worker (if named) and of the accounts: events, kept signals, unsent outbox messages. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> eraseAccounts(String tenantId, String workerId, String[] accounts) {
        Map<String, Integer> erased = new LinkedHashMap<>();
        erased.put("events", SetQuery.update(em, """
                        delete from platform_event where tenant_id = ? and (worker_id = ? or account_id = any(?::varchar[]))""",
                tenantId, workerId, accounts));
        erased.put("signals", SetQuery.update(em, """
                        delete from platform_signal where tenant_id = ? and account_id = any(?::varchar[])""",
                tenantId, accounts));
        // the accepted events waiting to be sent are keyed by account; signals and observations by the contract's keys
        List<String> keys = new ArrayList<>(List.of(accounts));
        for (String account : accounts) {
            keys.add(tenantId + ":acct:" + account);
        }
        erased.put("outboxMessages", SetQuery.update(em, """
                        delete from outbox where tenant_id = ? and (worker_id = ? or message_key = any(?::varchar[]))""",
                tenantId, workerId, keys.toArray(String[]::new)));
        return erased;
    }

}
