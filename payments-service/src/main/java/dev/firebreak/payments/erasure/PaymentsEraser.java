package dev.firebreak.payments.erasure;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.erasure.WorkerEraser;
import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.payments.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * payments-service's erasure of a worker: its payout accounts (names, masked and hashed account numbers), payment
 * requests, the transfers that concern it (its {@code workerId}) and those of the payment parties only it was (the
 * party a transfer names as the worker's, as the aggregator is told by PAYMENT_PARTY), those parties' screening rows,
 * the signals kept about the worker and those parties, and unsent outbox messages. A party another worker also was, and
 * an account another worker also uses, keep what concerns that worker: its own transfers, payout accounts and signals.
 * The erased parties are suppressed too.
 */
@ApplicationScoped
public class PaymentsEraser implements WorkerEraser {

    /** The party a transfer names as its worker's: the payee of a payment to a worker, else the payer. */
    private static final String WORKER_PARTY = """
            case when payee_kind = 'WORKER' or payer_kind <> 'WORKER' then payee_party else payer_party end""";

    private final EntityManager em;
    private final ErasedSubjects subjects;

    public PaymentsEraser(EntityManager em, ErasedSubjects subjects) {
        this.em = em;
        this.subjects = subjects;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> erase(String tenantId, String workerId, UUID erasureId) {
        String[] parties = soleParties(tenantId, workerId).toArray(String[]::new);
        List<String> keys = new ArrayList<>();
        keys.add(SignalPublisher.workerKey(tenantId, workerId));
        for (String party : parties) {
            keys.add(SignalPublisher.partyKey(tenantId, party));
        }
        String[] keyArray = keys.toArray(String[]::new);
        Map<String, Integer> erased = new LinkedHashMap<>();
        erased.put("parties", parties.length);
        erased.put("transfers", SetQuery.update(em, """
                        delete from transfer where tenant_id = ? and (worker_id = ?
                          or payer_party = any(?::varchar[]) or payee_party = any(?::varchar[]))""",
                tenantId, workerId, parties, parties));
        erased.put("payoutAccounts", SetQuery.update(em,
                "delete from payout_account where tenant_id = ? and worker_id = ?", tenantId, workerId));
        erased.put("paymentRequests", SetQuery.update(em,
                "delete from payment_request where tenant_id = ? and worker_id = ?", tenantId, workerId));
        erased.put("partyScreenings", SetQuery.update(em, """
                        delete from party_screening where tenant_id = ? and (worker_id = ? or party_id = any(?::varchar[]))""",
                tenantId, workerId, parties));
        erased.put("signals", SetQuery.update(em, """
                        delete from published_signal where tenant_id = ? and (worker_id = ? or message_key = any(?::varchar[]))""",
                tenantId, workerId, keyArray));
        erased.put("outboxMessages", SetQuery.update(em, """
                        delete from outbox where tenant_id = ? and (worker_id = ? or message_key = any(?::varchar[]))""",
                tenantId, workerId, keyArray));
        for (String party : parties) {
            subjects.record(tenantId, ErasedSubjects.Kind.PARTY, party, erasureId);
        }
        return erased;
    }

    /** The parties the worker's transfers name as the worker's that no other worker's transfers name as theirs. */
    private List<String> soleParties(String tenantId, String workerId) {
        List<String> parties = new ArrayList<>();
        SetQuery.once(em, """
                        select distinct p from (select %1$s as p from transfer where tenant_id = ? and worker_id = ?) mine
                        where not exists (select 1 from transfer t where t.tenant_id = ? and t.worker_id <> ?
                                          and t.worker_id is not null and (t.payee_party = mine.p or t.payer_party = mine.p)
                                          and (case when t.payee_kind = 'WORKER' or t.payer_kind <> 'WORKER'
                                                    then t.payee_party else t.payer_party end) = mine.p)
                        order by 1""".formatted(WORKER_PARTY),
                row -> parties.add(row.getString(1)), tenantId, workerId, tenantId, workerId);
        return parties;
    }
}
