package dev.firebreak.kit.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.ErasureConfirmation;
import dev.firebreak.contract.Topics;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.kit.messaging.ContractOutbox;
import dev.firebreak.kit.messaging.RecordIsolation;
import dev.firebreak.kit.metrics.DeadLetters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every service's side of an erasure (issue 29): {@code worker.erasures} is consumed here, the service's
 * {@link WorkerEraser} erases, the worker's suppression record is kept, and the confirmation goes out on
 * {@code worker.erasures.confirmed} through the outbox, all in one transaction, so a killed process either did all of
 * it or none (and the redelivered notice does it then). A notice delivered again erases nothing more and confirms
 * with the same message id. The settled form of a notice (no worker id: what a replay of the compacted topic gives)
 * keeps the suppression record only.
 *
 * <p>A notice that is not readable is refused (thrown), so SmallRye sends it to {@code worker.erasures.dlq} with the
 * reason and the channel goes on; a database outage is waited for (RecordIsolation), never skipped.
 */
@ApplicationScoped
public class Erasures {

    private static final Logger LOG = Logger.getLogger(Erasures.class);

    private final WorkerEraser eraser;
    private final ErasedSubjects subjects;
    private final ContractOutbox outbox;
    private final String service;
    private final RecordIsolation isolation = new RecordIsolation(Topics.WORKER_ERASURES,
            work -> QuarkusTransaction.requiringNew().run(work), Duration.ofMillis(200), Duration.ofSeconds(30));

    public Erasures(WorkerEraser eraser, ErasedSubjects subjects, ContractOutbox outbox,
                    @ConfigProperty(name = "quarkus.application.name") String service) {
        this.eraser = eraser;
        this.subjects = subjects;
        this.outbox = outbox;
        this.service = service;
    }

    /** What one erasure removed here. */
    public record Erased(UUID erasureId, Map<String, Integer> erased) {
        public int total() {
            return erased.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Incoming("worker-erasures")
    @Blocking
    public void onNotice(String payload) {
        DeadLetters.onFailure(Topics.WORKER_ERASURES, () -> handleNotice(payload));
    }

    private void handleNotice(String payload) {
        WorkerErasure notice = read(payload);
        checkHash(notice); // here, before the isolation's retries: a wrong hash is refused at once, never retried
        isolation.write(List.of(notice), batch -> apply(notice), (n, error) -> {
            throw new IllegalStateException("the erasure failed: " + RecordIsolation.describe(error));
        });
    }

    /**
     * Applies a notice (whose hash was checked) in the caller's transaction; the confirmation is enqueued unless the
     * notice is settled.
     *
     * @return what was erased here, by kind
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> apply(WorkerErasure notice) {
        if (notice.isSettled()) {
            subjects.recordHash(notice.subjectHash(), notice.tenantId(), ErasedSubjects.Kind.WORKER, notice.erasureId());
            return Map.of();
        }
        Map<String, Integer> erased = eraseHere(notice.tenantId(), notice.workerId(), notice.erasureId());
        ErasureConfirmation confirmation = ErasureConfirmation.of(notice.erasureId(), notice.tenantId(), service,
                Instant.now(), erased);
        outbox.publish(confirmation);
        LOG.infof("erasure %s: erased here (%d item(s))", notice.erasureId(),
                erased.values().stream().mapToInt(Integer::intValue).sum());
        return erased;
    }

    /** {@link #apply} of a request this process makes (the aggregator's own part of the erasure it publishes). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> applyRequested(UUID erasureId, String tenantId, String workerId, String subjectHash,
                                               Instant requestedAt) {
        WorkerErasure notice = WorkerErasure.requested(erasureId, tenantId, workerId, subjectHash, requestedAt);
        checkHash(notice);
        return apply(notice);
    }

    /**
     * The service's own erasure ({@code DELETE /api/v1/workers/{id}} on a service run alone): erases and keeps the
     * suppression record, in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> eraseHere(String tenantId, String workerId, UUID erasureId) {
        subjects.lockForErasure(tenantId, workerId);
        Map<String, Integer> erased = new TreeMap<>(eraser.erase(tenantId, workerId, erasureId));
        erased.values().removeIf(n -> n == 0);
        subjects.record(tenantId, ErasedSubjects.Kind.WORKER, workerId, erasureId);
        return erased;
    }

    /** A standalone erasure, in a transaction of its own. */
    public Erased eraseAlone(String tenantId, String workerId) {
        UUID erasureId = UUID.randomUUID();
        return new Erased(erasureId, QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Integer> erased = eraseHere(tenantId, workerId, erasureId);
            eraser.erasedAlone(tenantId, workerId, erasureId, subjects.workerHash(tenantId, workerId));
            return erased;
        }));
    }

    /** A notice whose hash is not this deployment's hash of its worker would suppress nothing: refused, saying so. */
    private void checkHash(WorkerErasure notice) {
        if (!notice.isSettled() && !notice.subjectHash().equals(subjects.workerHash(notice.tenantId(), notice.workerId()))) {
            throw new IllegalArgumentException("the notice's subjectHash is not this deployment's hash of its worker");
        }
    }

    static WorkerErasure read(String payload) {
        WorkerErasure notice;
        try {
            notice = ContractJson.mapper().readValue(payload, WorkerErasure.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a worker.erasures notice: " + e.getClass().getSimpleName());
        }
        if (notice.schemaVersion() < 1 || notice.schemaVersion() > WorkerErasure.SCHEMA_VERSION) {
            throw new IllegalArgumentException("worker.erasures notice of an unknown schemaVersion "
                    + notice.schemaVersion());
        }
        return notice;
    }


}
