package dev.firebreak.aggregator.assessment;

import dev.firebreak.aggregator.config.AggregatorSettings;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.kit.persistence.Timestamps;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Queues the refreshes that time alone makes due, which no new evidence would trigger: a worker whose signal expired
 * (its flag stops counting, so its tier may fall: the stored state, the worker list and {@code risk.assessments}
 * must follow, not only a GET), and a worker whose stored state is older than {@code restate-after} (old evidence
 * decays, and the score with it). Expiries are found since the last pass (a watermark in {@code assessment_sweep},
 * locked by the replica that sweeps); old states a chunk per pass, oldest first, so a large tenant's re-check is
 * spread over time instead of filling the queue ahead of fresh evidence.
 */
@ApplicationScoped
public class TimeSweep {

    static final String EXPIRY = "expiry";

    private final EntityManager em;
    private final RefreshQueue queue;
    private final Links links;
    private final Event<RefreshQueue.Queued> queued;
    private final Duration restateAfter;
    private final int restateBatch;

    public TimeSweep(EntityManager em, RefreshQueue queue, Links links, Event<RefreshQueue.Queued> queued,
                     AggregatorSettings.Assessments settings) {
        Duration restateAfter = settings.restateAfter();
        int restateBatch = settings.restateBatch();
        this.em = em;
        this.queue = queue;
        this.links = links;
        this.queued = queued;
        this.restateAfter = restateAfter;
        this.restateBatch = restateBatch;
    }

    @Scheduled(every = "${firebreak.assessments.sweep-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> expired(now));
        QuarkusTransaction.requiringNew().run(() -> restate(now.minus(restateAfter), restateBatch));
    }

    /**
     * Queues the workers with a signal that expired after the last pass and at or before {@code now} (their own, or
     * their accounts' and parties'), and moves the watermark to {@code now}.
     *
     * @return how many workers were queued
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int expired(Instant now) {
        em.createNativeQuery("""
                        insert into assessment_sweep (name, swept_until) values (?1, 'epoch')
                        on conflict (name) do nothing""").setParameter(1, EXPIRY).executeUpdate();
        Instant from = sweptUntil(); // locked: one replica sweeps a window, the next finds it swept
        if (!now.isAfter(from)) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select distinct tenant_id, worker_id, account_id, party_id from signal
                        where expires_at is not null and expires_at > ?1 and expires_at <= ?2""")
                .setParameter(1, from.atOffset(ZoneOffset.UTC))
                .setParameter(2, now.atOffset(ZoneOffset.UTC)).getResultList();
        List<StoredSignal> expired = rows.stream().map(row -> {
            StoredSignal s = new StoredSignal(); // whom the signal is about: all the resolution needs
            s.tenantId = (String) row[0];
            s.workerId = (String) row[1];
            s.accountId = (String) row[2];
            s.partyId = (String) row[3];
            return s;
        }).toList();
        Map<String, Set<String>> workers = links.workersOf(expired);
        em.createNativeQuery("update assessment_sweep set swept_until = ?2 where name = ?1")
                .setParameter(1, EXPIRY).setParameter(2, now.atOffset(ZoneOffset.UTC)).executeUpdate();
        return mark(workers);
    }

    /** The watermark (the epoch before the first pass), its row locked. */
    private Instant sweptUntil() {
        return Timestamps.instant(em.createNativeQuery(
                        "select swept_until from assessment_sweep where name = ?1 for update")
                .setParameter(1, EXPIRY).getSingleResult());
    }

    /**
     * Queues up to {@code limit} workers whose stored state was computed before {@code before}, oldest first (their
     * refresh records when it was last confirmed, so the next pass takes the next ones).
     *
     * @return how many workers were queued
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int restate(Instant before, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select tenant_id, worker_id from assessment_state where as_of < ?1 order by as_of limit ?2""")
                .setParameter(1, before.atOffset(ZoneOffset.UTC)).setParameter(2, limit).getResultList();
        Map<String, Set<String>> workers = new TreeMap<>();
        rows.forEach(row -> workers.computeIfAbsent((String) row[0], t -> new TreeSet<>()).add((String) row[1]));
        return mark(workers);
    }

    private int mark(Map<String, Set<String>> workers) {
        int count = workers.values().stream().mapToInt(Set::size).sum();
        if (count > 0) {
            queue.mark(workers);
            queued.fire(new RefreshQueue.Queued());
        }
        return count;
    }
}
