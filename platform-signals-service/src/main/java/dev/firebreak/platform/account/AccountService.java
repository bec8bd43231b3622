package dev.firebreak.platform.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.platform.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** What the service holds about one platform account of one tenant. */
@ApplicationScoped
public class AccountService {

    private final EntityManager em;
    private final SignalPublisher publisher;

    public AccountService(EntityManager em, SignalPublisher publisher) {
        this.em = em;
        this.publisher = publisher;
    }

    public record AccountSignals(String accountId, List<String> workerIds, long events, Instant firstEventAt,
                                 Instant lastEventAt, List<JsonNode> signals) {
    }

    @Transactional
    public AccountSignals find(String tenantId, String accountId) {
        Object[] stats = (Object[]) em.createQuery("select count(e), min(e.occurredAt), max(e.occurredAt) "
                        + "from PlatformEvent e where e.tenantId = :t and e.accountId = :a")
                .setParameter("t", tenantId).setParameter("a", accountId).getSingleResult();
        long count = (Long) stats[0];
        if (count == 0) {
            throw ProblemException.notFound("account " + accountId);
        }
        List<String> workers = em.createQuery("select distinct e.workerId from PlatformEvent e where e.tenantId = :t "
                        + "and e.accountId = :a and e.workerId is not null order by e.workerId", String.class)
                .setParameter("t", tenantId).setParameter("a", accountId).getResultList();
        return new AccountSignals(accountId, workers, count, (Instant) stats[1], (Instant) stats[2],
                publisher.signalsForAccount(tenantId, accountId));
    }
}
