package dev.firebreak.aggregator.assessment;

import dev.firebreak.aggregator.config.AggregatorSettings;
import dev.firebreak.aggregator.evidence.SubjectEvidence;
import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.kit.persistence.Timestamps;
import dev.firebreak.kit.work.Drainer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Workers whose assessment state must be refreshed, queued in the consumer's transaction and drained behind it:
 * a burst of evidence about one worker costs one refresh, not one per message. Assessments are computed on read
 * from the stored evidence, so a GET is current as soon as the evidence is committed; this queue keeps the stored
 * state, the worker list and {@code risk.assessments} current.
 */
@ApplicationScoped
public class RefreshQueue {

    /** Fired after a commit that queued workers. */
    public record Queued() {
    }

    private final EntityManager em;
    private final AssessmentRefresh refresh;
    private final int batchSize;
    private final List<Drainer> drainers = new ArrayList<>();
    private final double yieldRatio;
    private static final long MAX_YIELD_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** When a consumer was last behind (a full poll, or a record that waited too long), in nanoTime; 0: never. */
    private final AtomicLong behindAt = new AtomicLong();
    /** How long the oldest queued worker has waited for its refresh, in seconds (0: none waits). */
    private final AtomicLong lagSeconds = new AtomicLong();

    /**
     * Workers are refreshed {@code refresh-batch} together: their evidence and networks are read set-wise, a fixed
     * number of statements per batch (AssessmentService.prepare), so larger batches cost less per worker. The
     * {@code refresh-threads} never take the same worker (the rows are leased); all but the first stand down while the
     * consumers have a backlog, so the extra ones speed up the catching up without taking from consuming.
     */
    public RefreshQueue(EntityManager em, AssessmentRefresh refresh, AggregatorSettings.Assessments settings,
                        MeterRegistry metrics) {
        metrics.gauge("firebreak.assessment.refresh.lag.seconds", lagSeconds, AtomicLong::get);
        int batchSize = settings.refreshBatch();
        int threads = settings.refreshThreads();
        double yieldRatio = settings.refreshYield();
        this.em = em;
        this.yieldRatio = yieldRatio;
        this.refresh = refresh;
        this.batchSize = batchSize;
        for (int i = 0; i < threads; i++) {
            // ArC intercepts self-invocation: each step runs in refreshBatch's own transaction
            drainers.add(new Drainer("assessment-refresh-" + i, batchSize,
                    i == 0 ? this::refreshBatch : this::refreshBatchUnlessBehind));
        }
    }

    /** Queues (tenant, worker) pairs in the caller's transaction, in key order (no deadlock between consumers). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mark(Map<String, ? extends Collection<String>> workersByTenant) {
        mark(workersByTenant, Map.of());
    }

    /**
     * Queues (tenant, worker) pairs, each with the trace of the evidence that queued it ({@code traces}: tenant →
     * worker → traceparent, where it came with one), which the refresh's tier change continues.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mark(Map<String, ? extends Collection<String>> workersByTenant, Map<String, Map<String, String>> traces) {
        List<String[]> rows = new ArrayList<>();
        new TreeMap<>(workersByTenant).forEach((tenant, workers) -> {
            Map<String, String> traced = traces.getOrDefault(tenant, Map.of());
            new TreeSet<>(workers).forEach(w -> rows.add(new String[] {tenant, w, traced.get(w)}));
        });
        if (rows.isEmpty()) {
            return;
        }
        // one statement for the batch, rows in key order; marked at the statement's wall time (clock_timestamp): a mark
        // made after a refresher's claim is later than the claim, so the refresher leaves the row for another round. A
        // row still waiting is left as it is (it keeps its place in the queue, and the trace that queued it first):
        // re-marking it would leave a dead version in the marked_at index for every signal, which the lease's scan from
        // the oldest mark then wades through (the consumers waiting meanwhile)
        SetQuery.update(em, """
                        insert into assessment_dirty (tenant_id, worker_id, marked_at, trace_parent)
                        select t, w, clock_timestamp(), tp
                        from unnest(?::varchar[], ?::varchar[], ?::varchar[]) with ordinality as u(t, w, tp, n)
                        order by n
                        on conflict (tenant_id, worker_id) do update set marked_at = clock_timestamp(),
                          trace_parent = excluded.trace_parent
                          where assessment_dirty.claimed_until is not null""",
                rows.stream().map(r -> r[0]).toArray(String[]::new),
                rows.stream().map(r -> r[1]).toArray(String[]::new),
                rows.stream().map(r -> r[2]).toArray(String[]::new));
    }

    /**
     * Collects, for {@link #mark(Map, Map)}, the trace each worker is queued with: the first of the batch's evidence
     * about it that came with one.
     */
    public static <T extends SubjectEvidence> BiConsumer<T, String> tracing(Map<String, Map<String, String>> traces) {
        return (row, worker) -> {
            if (row.traceParent != null) {
                traces.computeIfAbsent(row.tenantId, t -> new HashMap<>()).putIfAbsent(worker, row.traceParent);
            }
        };
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued queued) {
        drainers.forEach(Drainer::kick);
    }

    @Scheduled(every = "${firebreak.assessments.refresh-interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        drainers.forEach(Drainer::kick);
    }

    /**
     * {@code firebreak_assessment_refresh_lag_seconds}: how far the stored states, the worker list and
     * {@code risk.assessments} are behind the evidence (a GET is current regardless). The oldest mark, read through
     * its index every 10 s.
     */
    @Scheduled(every = "${firebreak.assessments.lag-interval:10s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void measureLag() {
        Number lag = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                "select coalesce(extract(epoch from clock_timestamp() - min(marked_at)), 0) from assessment_dirty")
                .getSingleResult());
        lagSeconds.set(Math.max(0, lag.longValue()));
    }

    /**
     * Leases up to a batch of queued workers (a short transaction), refreshes them (their own transaction), then
     * removes the rows not marked again since the lease; rows marked meanwhile are released for another round. No row
     * lock is held while refreshing, so consumers marking workers never wait for a refresh.
     */
    public int refreshBatch() {
        long started = System.nanoTime();
        int refreshed = leaseAndRefresh();
        if (refreshed > 0 && behind()) {
            try {
                // at most a few seconds: a batch held up for long (a slow statement) must not park the refresh for
                // several times as long
                long pause = Math.min((long) ((System.nanoTime() - started) * yieldRatio), MAX_YIELD_NANOS);
                TimeUnit.NANOSECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return refreshed;
    }

    /**
     * An extra refresher's step: nothing while the consumers have a backlog (the next kick or poll looks again), else
     * a batch. In the aggregator benchmark a second refresher raised the refresh after a burst from 1,500–1,700 to
     * 2,500 workers/s; running while the consumers were behind too, it also slowed what makes a GET current.
     */
    int refreshBatchUnlessBehind() {
        return behind() ? 0 : refreshBatch();
    }

    /** Whether a consumer was behind within the last second. */
    private boolean behind() {
        long behind = behindAt.get();
        return behind != 0 && System.nanoTime() - behind < TimeUnit.SECONDS.toNanos(1);
    }

    /** A consumer is behind: its poll was full, or a record in it waited too long (SignalConsumer#behind). */
    public void consumerBehind() {
        behindAt.set(System.nanoTime());
    }

    private int leaseAndRefresh() {
        Lease lease = QuarkusTransaction.requiringNew().call(this::lease);
        if (lease.byTenant().isEmpty()) {
            return 0;
        }
        lease.byTenant().forEach((tenant, workers) -> QuarkusTransaction.requiringNew().run(
                () -> refresh.refresh(tenant, workers, lease.traces().getOrDefault(tenant, Map.of()))));
        QuarkusTransaction.requiringNew().run(() -> lease.byTenant().forEach((tenant, workers) -> {
            // the rows are locked first, in key order, as the consumers' marks lock them (Java's order of the ids;
            // byte order, collation "C", is the same for the ids' characters below U+E000): the delete and the release
            // below then wait for nobody. Deleting, then releasing, without that took the rows' locks in two passes,
            // and a mark holding a row between the passes deadlocked with it (a second's wait for the deadlock check,
            // then the consumer's batch was rolled back and retried)
            SetQuery.run(em, """
                    select worker_id from assessment_dirty where tenant_id = ? and worker_id = any(?)
                    order by worker_id collate "C" for update""", workers, row -> { }, tenant, SetQuery.SET);
            SetQuery.run(em, """
                    delete from assessment_dirty where tenant_id = ? and worker_id = any(?) and marked_at <= ?
                    returning worker_id""", workers, row -> { }, tenant, SetQuery.SET, lease.at());
            SetQuery.run(em, """
                    update assessment_dirty set claimed_until = null where tenant_id = ? and worker_id = any(?)
                    returning worker_id""", workers, row -> { }, tenant, SetQuery.SET);
        }));
        return lease.size();
    }

    /** The leased workers by tenant, and the traces they were queued with (tenant → worker → traceparent). */
    private record Lease(Instant at, Map<String, SortedSet<String>> byTenant, Map<String, Map<String, String>> traces,
                         int size) {
    }

    private Lease lease() {
        Instant at = Timestamps.instant(
                em.createNativeQuery("select clock_timestamp()").getSingleResult());
        // two statements, each with a plan that does not depend on the table's statistics: a queue's statistics are
        // usually stale (it was nearly empty at the last analyze), and the one-statement form (the claimed rows as a
        // CTE joined back to the table) was planned as a nested loop over the whole queue — 13 s for 75,000 rows in a
        // benchmark, the consumers' marks waiting on its row locks meanwhile
        @SuppressWarnings("unchecked")
        List<Object[]> claimed = em.createNativeQuery("""
                        select tenant_id, worker_id from assessment_dirty
                        where claimed_until is null or claimed_until < clock_timestamp()
                        order by marked_at limit ?1 for update skip locked""")
                .setParameter(1, batchSize).getResultList();
        Map<String, List<String>> claimedByTenant = new TreeMap<>();
        claimed.forEach(row -> claimedByTenant.computeIfAbsent((String) row[0], t -> new ArrayList<>()).add((String) row[1]));
        Map<String, SortedSet<String>> byTenant = new TreeMap<>();
        Map<String, Map<String, String>> traces = new HashMap<>();
        claimedByTenant.forEach((tenant, workers) -> SetQuery.run(em, """
                        update assessment_dirty set claimed_until = clock_timestamp() + interval '5 minutes'
                        where tenant_id = ? and worker_id = any(?) returning worker_id, trace_parent""",
                workers, row -> {
                    byTenant.computeIfAbsent(tenant, t -> new TreeSet<>()).add(row.getString(1));
                    if (row.getString(2) != null) {
                        traces.computeIfAbsent(tenant, t -> new HashMap<>()).put(row.getString(1), row.getString(2));
                    }
                },
                tenant, SetQuery.SET));
        return new Lease(at, byTenant, traces, byTenant.values().stream().mapToInt(Set::size).sum());
    }

    @PreDestroy
    void stop() {
        drainers.forEach(Drainer::close);
    }
}
