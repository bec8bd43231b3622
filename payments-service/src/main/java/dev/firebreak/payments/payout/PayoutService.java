package dev.firebreak.payments.payout;

import dev.firebreak.kit.erasure.ErasedSubjects;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.payments.api.PayoutAccountRequest;
import dev.firebreak.payments.detect.DetectionSettings;
import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.detect.PayoutAccountDetector;
import dev.firebreak.payments.screening.PartyScreening;
import dev.firebreak.payments.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Stores payout accounts idempotently and publishes their observations in the same transaction. */
@ApplicationScoped
public class PayoutService {

    /** Suppression of erased workers: a write about one is refused (410). */
    @Inject
    ErasedSubjects erased;

    private final EntityManager em;
    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final DetectionSettings settings;
    private final PartyScreening screening;

    public PayoutService(EntityManager em, IdentifierHasher hasher, SignalPublisher publisher, DetectionSettings settings,
                         PartyScreening screening) {
        this.em = em;
        this.hasher = hasher;
        this.publisher = publisher;
        this.settings = settings;
        this.screening = screening;
    }

    private static PayoutAccountDetector.Account detectorView(PayoutAccount p) {
        return new PayoutAccountDetector.Account(p.workerId, p.workerName, p.accountHolderName, p.kind, p.accountHash,
                p.country, p.status, p.observedAt);
    }

    public record Result(String workerId, String accountHash, String country, boolean duplicate,
                         List<SignalPublisher.Raised> signals) {
    }

    public record AccountView(String kind, String accountHash, String accountMask, String country, String provider,
                              String status, String accountHolderName, Instant observedAt) {
    }

    public record WorkerPayments(String workerId, List<AccountView> payoutAccounts, List<JsonNode> signals) {
    }

    @Transactional
    public Result submit(String tenantId, PayoutAccountRequest request) {
        erased.refuseIfErased(tenantId, request.workerId()); // 410 for an erased worker
        PayoutAccountRequest.Account a = request.account();
        AccountIdentity account = AccountIdentity.of(a.iban(), a.number(), a.bic(), a.country(), a.wallet(), a.chain());
        String hash = hasher.hash(account.normalised());
        int inserted = em.createNativeQuery("""
                        insert into payout_account (tenant_id, worker_id, worker_name, account_holder_name, kind, account_hash,
                                                    account_mask, country, provider, status, observed_at, received_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                        on conflict (tenant_id, worker_id, account_hash, observed_at) do nothing""")
                .setParameter(1, tenantId).setParameter(2, request.workerId()).setParameter(3, request.workerName())
                .setParameter(4, request.accountHolderName()).setParameter(5, account.kind()).setParameter(6, hash)
                .setParameter(7, account.mask()).setParameter(8, account.country()).setParameter(9, request.provider())
                .setParameter(10, request.status().name()).setParameter(11, request.observedAt())
                .setParameter(12, Instant.now()).executeUpdate();
        if (inserted == 1) {
            String origin = "payout:" + hash + "@" + request.observedAt();
            List<Sighting> sightings = new ArrayList<>();
            sightings.add(new Sighting(account.kind().equals("WALLET") ? "WALLET" : "PAYMENT_ACCOUNT", hash, origin));
            // an EMI's or online bank's cross-border account is in the provider's country, not the worker's
            if (account.country() != null && !CrossBorderProviders.holds(account)) {
                sightings.add(new Sighting("PAYOUT_COUNTRY", account.country(), origin));
            }
            publisher.observe(tenantId, request.workerId(), request.observedAt(), sightings);
            if (a.wallet() != null) {
                // PM-10: a payout wallet is screened against sanctioned addresses (PM-13 on a match)
                screening.queueWorkerWallet(tenantId, request.workerId(), request.accountHolderName(), a.wallet().strip());
            }
        }
        // detection runs on a replay too: its signals have deterministic ids, so a replay raises nothing new
        PayoutAccountDetector.Account added = new PayoutAccountDetector.Account(request.workerId(), request.workerName(),
                request.accountHolderName(), account.kind(), hash, account.country(), request.status().name(),
                request.observedAt());
        List<PayoutAccountDetector.Account> workerAccounts = PayoutAccount.forWorker(tenantId, request.workerId())
                .stream().map(PayoutService::detectorView).toList();
        List<PayoutAccountDetector.Account> sameAccount = PayoutAccount.withAccount(tenantId, hash).stream()
                .map(PayoutService::detectorView).toList();
        List<SignalPublisher.Raised> raised = new ArrayList<>();
        for (Finding finding : new PayoutAccountDetector(settings.forTenant(tenantId))
                .inspect(added, workerAccounts, sameAccount)) {
            raised.addAll(publisher.raise(tenantId, request.observedAt(), finding));
        }
        return new Result(request.workerId(), hash, account.country(), inserted == 0, raised);
    }

    @Transactional
    public WorkerPayments find(String tenantId, String workerId) {
        List<AccountView> accounts = PayoutAccount.forWorker(tenantId, workerId).stream()
                .map(p -> new AccountView(p.kind, p.accountHash, p.accountMask, p.country, p.provider, p.status,
                        p.accountHolderName, p.observedAt)).toList();
        if (accounts.isEmpty()) {
            throw ProblemException.notFound("worker " + workerId);
        }
        return new WorkerPayments(workerId, accounts, publisher.signalsFor(tenantId, workerId));
    }
}
