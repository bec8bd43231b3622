package dev.firebreak.aggregator.assessment;

import dev.firebreak.kit.work.Drainer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

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
    private final Drainer drainer;

    public RefreshQueue(EntityManager em, AssessmentRefresh refresh,
                        @ConfigProperty(name = "firebreak.assessments.refresh-batch", defaultValue = "100") int batchSize) {
        this.em = em;
        this.refresh = refresh;
        this.batchSize = batchSize;
        // ArC intercepts self-invocation: each step runs in refreshBatch's own transaction
        this.drainer = new Drainer("assessment-refresh", batchSize, this::refreshBatch);
    }

    /** Queues (tenant, worker) pairs in the caller's transaction, in key order (no deadlock between consumers). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mark(Map<String, ? extends Collection<String>> workersByTenant) {
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        List<String[]> rows = new ArrayList<>();
        new TreeMap<>(workersByTenant).forEach((tenant, workers) -> new TreeSet<>(workers)
                .forEach(w -> rows.add(new String[] {tenant, w})));
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (var insert = connection.prepareStatement("insert into assessment_dirty (tenant_id, worker_id, marked_at)"
                    + " values (?, ?, ?) on conflict (tenant_id, worker_id) do nothing")) {
                for (String[] row : rows) {
                    insert.setString(1, row[0]);
                    insert.setString(2, row[1]);
                    insert.setObject(3, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued queued) {
        drainer.kick();
    }

    @Scheduled(every = "${firebreak.assessments.refresh-interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        drainer.kick();
    }

    /** Claims up to a batch of queued workers, refreshes them, removes them from the queue. */
    @Transactional
    public int refreshBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select tenant_id, worker_id from assessment_dirty order by marked_at, tenant_id, worker_id
                        limit ?1 for update skip locked""")
                .setParameter(1, batchSize).getResultList();
        Map<String, SortedSet<String>> byTenant = new TreeMap<>();
        for (Object[] row : rows) {
            byTenant.computeIfAbsent((String) row[0], t -> new TreeSet<>()).add((String) row[1]);
        }
        byTenant.forEach((tenant, workers) -> {
            refresh.refresh(tenant, workers);
            em.createNativeQuery("delete from assessment_dirty where tenant_id = ?1 and worker_id in (?2)")
                    .setParameter(1, tenant).setParameter(2, workers).executeUpdate();
        });
        return rows.size();
    }

    /** Workers waiting for a refresh (health and benchmarks). */
    public long backlog() {
        return ((Number) em.createNativeQuery("select count(*) from assessment_dirty").getSingleResult()).longValue();
    }

    @PreDestroy
    void stop() {
        drainer.close();
    }
}
