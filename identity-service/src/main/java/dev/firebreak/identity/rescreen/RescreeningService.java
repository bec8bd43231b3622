package dev.firebreak.identity.rescreen;

import dev.firebreak.identity.config.IdentitySettings;
import dev.firebreak.identity.screening.ScreeningService;
import dev.firebreak.identity.screening.WorkerScreening;
import dev.firebreak.identity.watchlist.ListChanged;
import dev.firebreak.kit.persistence.Timestamps;
import dev.firebreak.kit.work.Drainer;
import dev.firebreak.kit.erasure.ErasedSubjects;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Continuous screening. A list import that adds or changes entries queues a job in its own transaction; the
 * job walks every known worker of every tenant (those with a document or a profile) in (tenant, worker) order,
 * screens each name the service holds against the current lists, raises ID-09 for new matches and withdraws the
 * matches that ended (an entry removed or corrected). An import that adds, changes or removes entries queues one. Each batch
 * commits its signals with the job's cursor, under a row lock taken with {@code SKIP LOCKED}: several replicas
 * share the work, and a killed process resumes after the last committed batch. A re-found match has the same
 * deterministic signal id as before, so nothing is raised twice. A newer job supersedes older open ones (it
 * screens everyone against newer lists).
 */
@ApplicationScoped
public class RescreeningService {

    private final EntityManager em;
    private final ErasedSubjects erased;
    private final ScreeningService screening;
    private final WorkerScreening workerScreening;
    private final Event<RescreenRequested> requested;
    private final int batchSize;
    private final Drainer drainer = new Drainer("rescreening", 1, () -> step() ? 1 : 0); // a step is one batch

    public RescreeningService(EntityManager em, ErasedSubjects erased, ScreeningService screening,
                              WorkerScreening workerScreening,
                              Event<RescreenRequested> requested, IdentitySettings.Rescreen settings) {
        int batchSize = settings.batchSize();
        this.em = em;
        this.erased = erased;
        this.screening = screening;
        this.workerScreening = workerScreening;
        this.requested = requested;
        this.batchSize = batchSize;
    }

    /** One job's state, for operators. */
    public record Job(long id, long watchlistVersion, String source, Instant createdAt, int workersScreened,
                      int signalsRaised, Instant finishedAt) {
    }

    /** An import that added or changed entries queues a job in its own transaction. */
    void onListChanged(@Observes ListChanged change) {
        if (change.added() + change.changed() + change.removed() > 0) {
            queue(change.version(), change.source());
        }
    }

    /** Queues a job in the caller's (the import's) transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long queue(long watchlistVersion, String source) {
        Number id = (Number) em.createNativeQuery("""
                        insert into rescreen_job (watchlist_version, source, created_at) values (?1, ?2, ?3) returning id""")
                .setParameter(1, watchlistVersion).setParameter(2, source).setParameter(3, Instant.now())
                .getSingleResult();
        requested.fire(new RescreenRequested(id.longValue()));
        return id.longValue();
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) RescreenRequested event) {
        kick();
    }

    @Scheduled(every = "${firebreak.rescreen.interval:10s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        kick();
    }

    void kick() {
        drainer.kick();
    }

    @PreDestroy
    void stop() {
        drainer.close();
    }

    /** Screens the next batch of the oldest open job; false when no open job is left (or another replica holds it). */
    public boolean step() {
        return QuarkusTransaction.requiringNew().call(this::stepInTransaction);
    }

    private boolean stepInTransaction() {
        @SuppressWarnings("unchecked")
        List<Object[]> open = em.createNativeQuery("""
                        select id, cursor_tenant, cursor_worker, watchlist_version from rescreen_job
                        where finished_at is null order by id desc limit 1 for update skip locked""").getResultList();
        if (open.isEmpty()) {
            return false;
        }
        long id = ((Number) open.getFirst()[0]).longValue();
        String cursorTenant = (String) open.getFirst()[1];
        String cursorWorker = (String) open.getFirst()[2];
        screening.ensureAtLeast(((Number) open.getFirst()[3]).longValue());
        Instant now = Instant.now();
        // older open jobs are covered by this one
        em.createNativeQuery("update rescreen_job set finished_at = ?1 where finished_at is null and id < ?2")
                .setParameter(1, now).setParameter(2, id).executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> workers = em.createNativeQuery("""
                        select tenant_id, worker_id from (
                            select tenant_id, worker_id from document union select tenant_id, worker_id from profile) w
                        where (tenant_id, worker_id) > (?1, ?2)
                        order by tenant_id, worker_id limit ?3""")
                .setParameter(1, cursorTenant == null ? "" : cursorTenant)
                .setParameter(2, cursorWorker == null ? "" : cursorWorker)
                .setParameter(3, batchSize).getResultList();
        if (workers.isEmpty()) {
            em.createNativeQuery("update rescreen_job set finished_at = ?1 where id = ?2")
                    .setParameter(1, now).setParameter(2, id).executeUpdate();
            return true;
        }
        int raised = 0;
        for (Object[] w : workers) {
            raised += rescreen((String) w[0], (String) w[1], now);
        }
        Object[] last = workers.getLast();
        em.createNativeQuery("""
                        update rescreen_job set cursor_tenant = ?1, cursor_worker = ?2,
                        workers_screened = workers_screened + ?3, signals_raised = signals_raised + ?4 where id = ?5""")
                .setParameter(1, last[0]).setParameter(2, last[1]).setParameter(3, workers.size())
                .setParameter(4, raised).setParameter(5, id).executeUpdate();
        return true;
    }

    /**
     * Screens every name held for the worker and makes its ID-09 signals agree with the current lists (new matches
     * raised, ended ones withdrawn); returns how many new signals were raised.
     */
    private int rescreen(String tenantId, String workerId, Instant now) {
        if (!erased.holdUnlessErased(tenantId, workerId)) {
            return 0; // erased after this batch was read: nothing is raised about it
        }
        return (int) workerScreening.reconcile(tenantId, workerId, now, Map.of()).newSignals();
    }

    @Transactional
    public List<Job> recent(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, watchlist_version, source, created_at, workers_screened, signals_raised, finished_at
                        from rescreen_job order by id desc limit ?1""").setParameter(1, limit).getResultList();
        return rows.stream().map(r -> new Job(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                Timestamps.instant(r[3]), ((Number) r[4]).intValue(), ((Number) r[5]).intValue(), Timestamps.instant(r[6]))).toList();
    }

}
