package dev.firebreak.aggregator.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.contract.Topics;
import dev.firebreak.aggregator.erasure.ErasureRequests;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.ErasureConfirmation;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.kit.messaging.ContractOutbox;
import dev.firebreak.kit.metrics.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.UUID;

/**
 * The erasure's messages (issue 29): the request and its settled form on {@code worker.erasures} (through the outbox,
 * keyed {@code tenant:subjectHash}), and each service's confirmation read from {@code worker.erasures.confirmed}.
 */
@ApplicationScoped
public class ErasureMessages {

    private final ContractOutbox outbox;
    private final ErasureRequests requests;

    public ErasureMessages(ContractOutbox outbox, ErasureRequests requests) {
        this.outbox = outbox;
        this.requests = requests;
    }

    /** The request, naming the worker until it is settled. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishRequest(UUID erasureId, String tenantId, String workerId, String subjectHash, Instant at) {
        outbox.publish(WorkerErasure.requested(erasureId, tenantId, workerId, subjectHash, at));
    }

    /** The settled form: the same key, the hash and no worker id, so compaction leaves nothing else. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishSettled(UUID erasureId, String tenantId, String subjectHash, Instant requestedAt, Instant at) {
        outbox.publish(new WorkerErasure(WorkerErasure.SCHEMA_VERSION, erasureId, tenantId, null, subjectHash,
                requestedAt, at));
    }

    /**
     * {@code worker.erasures.confirmed}: a confirmation that is not readable, or that the aggregator refuses (an erasure
     * it did not ask), is thrown, so SmallRye sends it to {@code worker.erasures.confirmed.dlq} with the reason.
     */
    @Incoming("erasure-confirmations")
    @Blocking
    public void onConfirmation(String payload) {
        DeadLetters.onFailure(Topics.WORKER_ERASURES_CONFIRMED, () -> handleConfirmation(payload));
    }

    private void handleConfirmation(String payload) {
        ErasureConfirmation c;
        try {
            c = ContractJson.mapper().readValue(payload, ErasureConfirmation.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a worker.erasures.confirmed message: " + e.getClass().getSimpleName());
        }
        requests.confirmed(new ErasureRequests.Confirmation(c.erasureId(), c.tenantId(), c.service(), c.confirmedAt(),
                c.erased()), this);
    }

}
