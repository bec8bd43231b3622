package dev.firebreak.payments.request;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.names.NameMatcher;
import dev.firebreak.payments.api.PaymentRequestRequest;
import dev.firebreak.payments.detect.DetectionSettings;
import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.payout.AccountIdentity;
import dev.firebreak.payments.payout.Sighting;
import dev.firebreak.payments.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payment requests: PM-10 for any request to be paid in cryptocurrency, PM-01 for a request to be paid into a
 * third party's account (with the name comparison when the holder's name is given). Idempotent on requestId.
 */
@ApplicationScoped
public class PaymentRequestService {

    /** Suppression of erased workers: a write about one is refused (410). */
    @Inject
    ErasedSubjects erased;

    private static final NameMatcher NAMES = new NameMatcher();

    private final EntityManager em;
    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final DetectionSettings settings;

    public PaymentRequestService(EntityManager em, IdentifierHasher hasher, SignalPublisher publisher,
                                 DetectionSettings settings) {
        this.em = em;
        this.hasher = hasher;
        this.publisher = publisher;
        this.settings = settings;
    }

    public record Result(String requestId, boolean duplicate, List<SignalPublisher.Raised> signals) {
    }

    @Transactional
    public Result submit(String tenantId, PaymentRequestRequest r) {
        erased.refuseIfErased(tenantId, r.workerId()); // 410 for an erased worker
        AccountIdentity account = null;
        if (r.account() != null) {
            var a = r.account();
            account = AccountIdentity.of(a.iban(), a.number(), a.bic(), a.country(), a.wallet(), a.chain());
        }
        if (r.kind() == PaymentRequestRequest.Kind.CRYPTO && account != null && !account.kind().equals("WALLET")) {
            throw ProblemException.invalidField("account", "a crypto request names a wallet and chain, not a bank account");
        }
        String hash = account == null ? null : hasher.hash(account.normalised());
        int inserted = em.createNativeQuery("""
                        insert into payment_request (tenant_id, request_id, worker_id, kind, account_hash, account_country,
                                                     observed_at, received_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (tenant_id, request_id) do nothing""")
                .setParameter(1, tenantId).setParameter(2, r.requestId()).setParameter(3, r.workerId())
                .setParameter(4, r.kind().name()).setParameter(5, hash)
                .setParameter(6, account == null ? null : account.country()).setParameter(7, r.observedAt())
                .setParameter(8, Instant.now()).executeUpdate();
        String origin = "payment-request:" + r.requestId();
        if (inserted == 1 && hash != null) {
            publisher.observe(tenantId, r.workerId(), r.observedAt(), List.of(
                    new Sighting(account.kind().equals("WALLET") ? "WALLET" : "PAYMENT_ACCOUNT", hash, origin)));
        }
        List<Finding> findings = new ArrayList<>();
        if (r.kind() == PaymentRequestRequest.Kind.CRYPTO) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("kind", "CRYPTO_PAYMENT_REQUEST");
            if (account != null) {
                evidence.put("wallet", hash);
            }
            evidence.put("explanation", "the worker asked to be paid in cryptocurrency");
            findings.add(new Finding("PM-10", "crypto-request", 0.9, evidence, List.of(origin), List.of(r.workerId())));
        } else {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("kind", "THIRD_PARTY_ACCOUNT_REQUEST");
            double confidence = 0.8;
            String explanation = "the worker asked to be paid into a third party's account";
            if (r.accountHolderName() != null) {
                double threshold = settings.forTenant(tenantId).sameNameScore();
                NameMatcher.Match match = NAMES.compare(r.workerName(), r.accountHolderName());
                evidence.put("nameScore", match.score());
                if (match.score() < threshold) {
                    confidence = 0.9;
                    explanation += "; the holder's name scores " + match.score() + " against the worker's";
                }
            }
            if (hash != null) {
                evidence.put("account", hash);
            }
            evidence.put("explanation", explanation);
            findings.add(new Finding("PM-01", "third-party-account-request", confidence, evidence, List.of(origin),
                    List.of(r.workerId())));
        }
        List<SignalPublisher.Raised> raised = new ArrayList<>();
        for (Finding f : findings) {
            raised.addAll(publisher.raise(tenantId, r.observedAt(), f));
        }
        return new Result(r.requestId(), inserted == 0, raised);
    }
}
