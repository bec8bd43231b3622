package dev.firebreak.aggregator.erasure;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.aggregator.signal.ErasureMessages;
import jakarta.enterprise.inject.Instance;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.erasure.Erasures;
import dev.firebreak.kit.messaging.RecordIsolation;
import dev.firebreak.kit.persistence.Timestamps;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Erasures asked of the aggregator (issue 29): {@code DELETE /api/v1/workers/{id}} erases here at once, records the
 * request (who, when; the worker as its keyed hash) and publishes it on {@code worker.erasures} through the outbox,
 * in one transaction. Every service (this one too, through {@link Erasures}) confirms on
 * {@code worker.erasures.confirmed}; once all of {@code firebreak.erasure.services} have, the settled form replaces
 * the request on the compacted topic. An erasure not settled within {@code firebreak.erasure.confirm-within} shows as
 * incomplete and counts in the gauge {@code firebreak_erasures_incomplete}.
 */
@ApplicationScoped
public class ErasureRequests {

    private static final Logger LOG = Logger.getLogger(ErasureRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager em;
    private final Erasures erasures;
    private final ErasedSubjects subjects;
    private final Instance<ErasureMessages> messages;
    private final List<String> services;
    private final Duration confirmWithin;
    private final AtomicInteger incomplete = new AtomicInteger();
    private final RecordIsolation isolation = new RecordIsolation("worker.erasures.confirmed",
            work -> QuarkusTransaction.requiringNew().run(work), Duration.ofMillis(200), Duration.ofSeconds(30));

    public ErasureRequests(EntityManager em, Erasures erasures, ErasedSubjects subjects, Instance<ErasureMessages> messages,
                           MeterRegistry metrics,
                           @ConfigProperty(name = "firebreak.erasure.services") List<String> services,
                           @ConfigProperty(name = "firebreak.erasure.confirm-within", defaultValue = "15m")
                           Duration confirmWithin) {
        this.em = em;
        this.erasures = erasures;
        this.subjects = subjects;
        this.messages = messages;
        this.services = List.copyOf(new TreeSet<>(services));
        this.confirmWithin = confirmWithin;
        metrics.gauge("firebreak.erasures.incomplete", incomplete);
    }

    /** One service's confirmation, as shown. */
    public record Confirmed(String service, Instant confirmedAt, Map<String, Integer> erased) {
    }

    /** An erasure's status: {@code PENDING} (within its time), {@code INCOMPLETE} (overdue) or {@code COMPLETE}. */
    public record Status(UUID erasureId, String status, Instant requestedAt, String requestedBy, Instant dueBy,
                         Instant completedAt, List<Confirmed> confirmed, List<String> awaiting) {
    }

    /** A request as answered: its status, and what the aggregator erased at once. */
    public record Requested(@JsonUnwrapped Status erasure, Map<String, Integer> erasedHere) {
    }

    /** Erases here, records and publishes the request; the status as it stands after this service's own part. */
    public Requested request(String tenantId, String workerId, String actor) {
        UUID erasureId = UUID.randomUUID();
        Instant now = Instant.now();
        String hash = subjects.workerHash(tenantId, workerId);
        Map<String, Integer> here = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("""
                            insert into erasure (erasure_id, tenant_id, subject_hash, requested_at, requested_by, due_at)
                            values (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, erasureId).setParameter(2, tenantId).setParameter(3, hash).setParameter(4, now)
                    .setParameter(5, actor).setParameter(6, now.plus(confirmWithin)).executeUpdate();
            // erased here in the same transaction: the GETs answer 404 as soon as the DELETE returns
            Map<String, Integer> erased = erasures.applyRequested(erasureId, tenantId, workerId, hash, now);
            messages.get().publishRequest(erasureId, tenantId, workerId, hash, now);
            return erased;
        });
        LOG.infof("erasure %s requested; awaiting %s", erasureId, services);
        return new Requested(status(tenantId, erasureId), here);
    }

    /** The erasure's status for its tenant; 404 for another tenant's or an unknown id. */
    public Status status(String tenantId, UUID erasureId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select requested_at, requested_by, due_at, settled_at from erasure
                        where erasure_id = ?1 and tenant_id = ?2""")
                .setParameter(1, erasureId).setParameter(2, tenantId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("erasure " + erasureId);
        }
        Object[] row = rows.getFirst();
        Instant due = Timestamps.instant(row[2]);
        Instant settled = row[3] == null ? null : Timestamps.instant(row[3]);
        List<Confirmed> confirmed = confirmations(erasureId);
        Set<String> awaiting = new TreeSet<>(services);
        confirmed.forEach(c -> awaiting.remove(c.service()));
        String status = awaiting.isEmpty() ? "COMPLETE" : Instant.now().isAfter(due) ? "INCOMPLETE" : "PENDING";
        return new Status(erasureId, status, Timestamps.instant(row[0]), (String) row[1], due, settled, confirmed,
                List.copyOf(awaiting));
    }

    private List<Confirmed> confirmations(UUID erasureId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select service, confirmed_at, erased from erasure_confirmation where erasure_id = ?1
                        order by confirmed_at, service""")
                .setParameter(1, erasureId).getResultList();
        List<Confirmed> confirmed = new ArrayList<>();
        for (Object[] r : rows) {
            confirmed.add(new Confirmed((String) r[0], Timestamps.instant(r[1]), counts((String) r[2])));
        }
        return confirmed;
    }

    /** A service's confirmation, as the messaging edge read it. */
    public record Confirmation(UUID erasureId, String tenantId, String service, Instant confirmedAt,
                               Map<String, Integer> erased) {
    }

    /**
     * Keeps a service's confirmation once and settles the erasure when the last arrives (its settled form goes out
     * through {@code out}); a confirmation of an erasure this aggregator did not ask of that tenant is refused (thrown).
     * A database outage is waited for.
     */
    public void confirmed(Confirmation confirmation, ErasureMessages out) {
        isolation.write(List.of(confirmation), batch -> confirm(confirmation, out), (c, error) -> {
            throw new IllegalStateException("confirmation refused: " + RecordIsolation.describe(error));
        });
    }

    private void confirm(Confirmation c, ErasureMessages out) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select subject_hash, requested_at, settled_at from erasure
                        where erasure_id = ?1 and tenant_id = ?2 for update""")
                .setParameter(1, c.erasureId()).setParameter(2, c.tenantId()).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a confirmation of erasure " + c.erasureId()
                    + ", which this aggregator did not ask of tenant " + c.tenantId());
        }
        em.createNativeQuery("""
                        insert into erasure_confirmation (erasure_id, service, confirmed_at, erased)
                        values (?1, ?2, ?3, ?4) on conflict do nothing""")
                .setParameter(1, c.erasureId()).setParameter(2, c.service()).setParameter(3, c.confirmedAt())
                .setParameter(4, json(c.erased())).executeUpdate();
        Object[] erasure = rows.getFirst();
        if (erasure[2] != null) {
            return;
        }
        Set<String> awaiting = new TreeSet<>(services);
        confirmations(c.erasureId()).forEach(x -> awaiting.remove(x.service()));
        if (!awaiting.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        em.createNativeQuery("update erasure set settled_at = ?2 where erasure_id = ?1")
                .setParameter(1, c.erasureId()).setParameter(2, now).executeUpdate();
        // the settled form replaces the request under the same key: compaction leaves the hash, not the worker
        out.publishSettled(c.erasureId(), c.tenantId(), (String) erasure[0], Timestamps.instant(erasure[1]), now);
        LOG.infof("erasure %s complete: every service confirmed", c.erasureId());
    }

    /** Counts the erasures past their time without every confirmation (the gauge). */
    @Scheduled(every = "${firebreak.erasure.check-interval:30s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void countIncomplete() {
        Number n = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                        "select count(*) from erasure where settled_at is null and due_at < ?1")
                .setParameter(1, Instant.now()).getSingleResult());
        int overdue = n.intValue();
        if (overdue > 0 && overdue != incomplete.get()) {
            LOG.warnf("%d erasure(s) not confirmed by every service in time", overdue);
        }
        incomplete.set(overdue);
    }

    private static Map<String, Integer> counts(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
