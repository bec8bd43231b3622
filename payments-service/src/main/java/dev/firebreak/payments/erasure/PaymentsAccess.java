package dev.firebreak.payments.erasure;

import dev.firebreak.kit.erasure.SubjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

import static dev.firebreak.kit.erasure.SubjectAccess.nonEmpty;
import static dev.firebreak.kit.erasure.SubjectAccess.rows;

/** What payments-service holds about a worker, for a subject-access export (docs/privacy.md). */
@ApplicationScoped
public class PaymentsAccess implements SubjectAccess {

    private static final String ROUTING = "how the worker is paid: payment-routing red flags (PM-01 to PM-13)";

    private final EntityManager em;

    public PaymentsAccess(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public List<Item> held(String tenantId, String workerId) {
        return nonEmpty(
                new Item("payoutAccounts", ROUTING, rows(em, """
                        select worker_name as "workerName", account_holder_name as "accountHolderName", kind,
                               account_mask as "accountMask", 'held as a keyed hash' as "accountNumber", country,
                               provider, status, observed_at as "observedAt", received_at as "receivedAt"
                        from payout_account where tenant_id = ? and worker_id = ? order by observed_at, id""",
                        tenantId, workerId)),
                new Item("transfers", ROUTING, rows(em, """
                        select transfer_id as "transferId", occurred_at as "occurredAt", payer_party as "payer",
                               payer_kind as "payerKind", payer_country as "payerCountry", payee_party as "payee",
                               payee_kind as "payeeKind", payee_country as "payeeCountry", amount, currency, method,
                               initiated_by as "initiatedBy", received_at as "receivedAt"
                        from transfer where tenant_id = ? and worker_id = ? order by occurred_at, id""",
                        tenantId, workerId)),
                new Item("paymentRequests", ROUTING, rows(em, """
                        select request_id as "requestId", kind, account_country as "accountCountry",
                               observed_at as "observedAt", received_at as "receivedAt"
                        from payment_request where tenant_id = ? and worker_id = ? order by observed_at, id""",
                        tenantId, workerId)),
                new Item("partyScreenings", "sanctions screening of the parties that paid or were paid (PM-13)", rows(em, """
                        select party_id as "party", name, screened_at as "screenedAt", matches
                        from party_screening where tenant_id = ? and worker_id = ? order by id""", tenantId, workerId)),
                new Item("signals", "red flags raised about the worker, sent to the risk-aggregator", rows(em, """
                        select payload as "signal", created_at as "raisedAt" from published_signal
                        where tenant_id = ? and worker_id = ? order by created_at""", tenantId, workerId)));
    }
}
