package dev.firebreak.payments.screening;

import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.kit.persistence.Timestamps;
import dev.firebreak.kit.work.Drainer;
import dev.firebreak.payments.api.identity.IdentityScreeningClient;
import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.signal.SignalPublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PM-13: payment parties screened through identity-service. A party name is queued in the transaction that stores
 * its transfer; a worker takes due rows ({@code FOR UPDATE SKIP LOCKED}, so replicas share them), asks
 * identity-service through {@link ScreeningCall} (timeout, retry, circuit breaker), raises PM-13 for a match and
 * marks the row screened — in one transaction per row. When identity-service does not answer, the row stays
 * queued with exponential back-off (capped): transfers are accepted meanwhile and no screening is lost. A list
 * change ({@code watchlists.updated}) queues every party again; a re-found match is the same signal.
 */
@ApplicationScoped
public class PartyScreening {

    private static final Logger LOG = Logger.getLogger(PartyScreening.class);

    private final EntityManager em;
    private final ScreeningCall call;
    private final SignalPublisher publisher;
    private final IdentifierHasher hasher;
    private final int batchSize;
    private final Drainer drainer;

    /** Screening payment parties ({@code firebreak.party-screening.*}). */
    @ConfigMapping(prefix = "firebreak.party-screening")
    public interface Settings {

        /** Parties screened per transaction. */
        @WithDefault("50")
        int batchSize();
    }

    public PartyScreening(EntityManager em, ScreeningCall call, SignalPublisher publisher,
                          IdentifierHasher hasher, Settings settings) {
        int batchSize = settings.batchSize();
        this.em = em;
        this.call = call;
        this.publisher = publisher;
        this.hasher = hasher;
        this.batchSize = batchSize;
        this.drainer = new Drainer("party-screening", batchSize, this::screenBatch);
    }

    /** Queues a worker's own payout wallet (PM-10: wallet addresses screened against sanctioned addresses). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queueWorkerWallet(String tenantId, String workerId, String workerName, String wallet) {
        em.createNativeQuery("""
                        insert into party_screening (tenant_id, party_id, name, wallet, worker_id, pending, next_attempt_at,
                                                     subject_type)
                        values (?1, ?2, ?3, ?4, ?5, true, ?6, 'PERSON')
                        on conflict (tenant_id, party_id, name, coalesce(wallet, '')) do nothing""")
                .setParameter(1, tenantId).setParameter(2, "worker:" + workerId).setParameter(3, workerName)
                .setParameter(4, wallet).setParameter(5, workerId).setParameter(6, Instant.now()).executeUpdate();
    }

    /**
     * Queues (partyId, name[, wallet[, type]]) entries in one JDBC batch (type: {@code PERSON}, {@code ORGANISATION},
     * or empty for either). Callers pass them sorted: concurrent batches meeting the same
     * parties then take the rows' locks in one order and cannot deadlock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queueAll(String tenantId, Collection<List<String>> partyNames) {
        if (partyNames.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into party_screening (tenant_id, party_id, name, wallet, pending, next_attempt_at, subject_type)
                    values (?, ?, ?, ?, true, ?, ?) on conflict (tenant_id, party_id, name, coalesce(wallet, '')) do nothing""")) {
                for (List<String> partyName : partyNames) {
                    insert.setString(1, tenantId);
                    insert.setString(2, partyName.get(0));
                    insert.setString(3, partyName.get(1));
                    String wallet = partyName.size() > 2 && !partyName.get(2).isBlank() ? partyName.get(2) : null;
                    insert.setString(4, wallet);
                    insert.setTimestamp(5, now);
                    insert.setString(6, partyName.size() > 3 && !partyName.get(3).isBlank() ? partyName.get(3) : null);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** One screened name of a party (the name itself is not shown: the tenant has it). */
    public record Status(boolean pending, int attempts, Instant nextAttemptAt, Instant screenedAt, Integer matches) {
    }

    @Transactional
    public List<Status> status(String tenantId, String partyId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select pending, attempts, next_attempt_at, screened_at, matches from party_screening
                        where tenant_id = ?1 and party_id = ?2 order by id""")
                .setParameter(1, tenantId).setParameter(2, partyId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("party " + partyId);
        }
        return rows.stream().map(r -> new Status((Boolean) r[0], ((Number) r[1]).intValue(), Timestamps.instant(r[2]), Timestamps.instant(r[3]),
                r[4] == null ? null : ((Number) r[4]).intValue())).toList();
    }

    /** A list changed: every party of every tenant is screened again. */
    @Transactional
    public int requeueAll() {
        return em.createNativeQuery("update party_screening set pending = true, attempts = 0, next_attempt_at = ?1")
                .setParameter(1, Instant.now()).executeUpdate();
    }

    @Scheduled(every = "${firebreak.party-screening.interval:2s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        drainer.kick();
    }

    /**
     * Screens up to a batch of due parties, each in its own transaction; stops early (a short batch ends the drain)
     * when none is due or identity-service does not answer, so the next scheduled run resumes.
     */
    private int screenBatch() {
        int done = 0;
        for (int i = 0; i < batchSize; i++) {
            Boolean screened = QuarkusTransaction.requiringNew().call(this::screenOne);
            if (screened == null || !screened) {
                return done;
            }
            done++;
        }
        return done;
    }

    /** Screens the next due row: null when none is due, false when identity-service did not answer. */
    private Boolean screenOne() {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("""
                        select id, tenant_id, party_id, name, attempts, wallet, worker_id, subject_type from party_screening
                        where pending and next_attempt_at <= ?1 order by next_attempt_at, id
                        limit 1 for update skip locked""").setParameter(1, Instant.now()).getResultList();
        if (due.isEmpty()) {
            return null;
        }
        Object[] row = due.getFirst();
        long id = ((Number) row[0]).longValue();
        String tenantId = (String) row[1];
        String partyId = (String) row[2];
        String name = (String) row[3];
        int attempts = ((Number) row[4]).intValue();
        String wallet = (String) row[5];
        String workerId = (String) row[6];
        IdentityScreeningClient.Result result;
        try {
            result = call.screen(name, wallet, (String) row[7]);
        } catch (RuntimeException e) {
            Duration backOff = Duration.ofSeconds(Math.min(300, 2L << Math.min(attempts, 8)));
            em.createNativeQuery("update party_screening set attempts = attempts + 1, next_attempt_at = ?1 where id = ?2")
                    .setParameter(1, Instant.now().plus(backOff)).setParameter(2, id).executeUpdate();
            LOG.warnf("party screening: identity-service did not answer (%s); retrying in %d s",
                    e.getClass().getSimpleName(), backOff.toSeconds());
            return false;
        }
        List<IdentityScreeningClient.Match> matches = result.matches() == null ? List.of() : result.matches();
        if (!matches.isEmpty()) {
            IdentityScreeningClient.Match best = matches.getFirst();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("kind", "SANCTIONS_MATCH");
            evidence.put("matches", matches.stream().limit(5).map(m -> Map.of("score", m.score(),
                    "confidence", m.provenConfidence(), "basis", m.basis() == null ? "name" : m.basis(),
                    "source", m.source(), "entryId", m.entryId(), "listedName", m.listedName(),
                    "explanation", m.explanation())).toList());
            if (wallet != null) {
                evidence.put("walletScreened", true);
            }
            evidence.put("explanation", (workerId != null ? "the worker's payout wallet" : "payment party")
                    + " matches " + best.source() + " entry " + best.entryId() + " (" + best.listedName()
                    + ") with score " + best.score() + (best.basis() == null ? "" : " on " + best.basis())
                    + ", confidence " + best.provenConfidence() + ", screened by identity-service"
                    + (wallet != null ? " with its wallet address" : ""));
            List<String> triggering = new ArrayList<>();
            // the name only as a keyed hash: triggering ids travel with the signal
            triggering.add("party-name:" + partyId + ":" + hasher.hash("name|" + name));
            if (wallet != null) {
                triggering.add("wallet:" + hasher.hash(wallet.toLowerCase(Locale.ROOT)));
            }
            matches.stream().limit(5).forEach(m -> triggering.add("watchlist:" + m.source() + ":" + m.entryId()));
            if (best.basis() != null) {
                // a common name alone, later corroborated, is a new signal at its new confidence
                triggering.add("basis:" + best.basis());
            }
            // PM-13 proves what identity-service's match proves: a common name alone is not CRITICAL
            publisher.raise(tenantId, Instant.now(), new Finding("PM-13", "party-screening", best.provenConfidence(), evidence,
                    triggering, workerId == null ? List.of() : List.of(workerId), workerId == null ? List.of(partyId) : List.of()));
        }
        em.createNativeQuery("""
                        update party_screening set pending = false, attempts = 0, screened_at = ?1, matches = ?2
                        where id = ?3""").setParameter(1, Instant.now()).setParameter(2, matches.size())
                .setParameter(3, id).executeUpdate();
        return true;
    }

    @PreDestroy
    void stop() {
        drainer.close();
    }
}
