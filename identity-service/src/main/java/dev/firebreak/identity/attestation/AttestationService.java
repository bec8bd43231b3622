package dev.firebreak.identity.attestation;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.persistence.IdempotencyLock;
import dev.firebreak.identity.api.AttestationRequest;
import dev.firebreak.identity.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** Records attestations (idempotent on worker, kind and time) and raises ID-11 or ID-05 for each. */
@ApplicationScoped
public class AttestationService {

    /** Suppression of erased workers: a write about one is refused (410). */
    @Inject
    ErasedSubjects erased;

    private final SignalPublisher publisher;
    private final IdempotencyLock idempotency;
    private final AttestationDetector detector = new AttestationDetector();

    public AttestationService(SignalPublisher publisher, IdempotencyLock idempotency) {
        this.publisher = publisher;
        this.idempotency = idempotency;
    }

    public record Result(long attestationId, String workerId, boolean duplicate, List<SignalPublisher.Raised> signals) {
    }

    @Transactional
    public Result submit(String tenantId, String tenantRole, AttestationRequest request) {
        erased.refuseIfErased(tenantId, request.workerId()); // 410 for an erased worker
        idempotency.lock("attestation", tenantId, request.workerId(), request.kind().name(),
                request.observedAt().toString());
        Attestation existing = Attestation.find("tenantId = ?1 and workerId = ?2 and kind = ?3 and observedAt = ?4",
                tenantId, request.workerId(), request.kind(), request.observedAt()).firstResult();
        Attestation attestation = existing;
        if (attestation == null) {
            attestation = new Attestation();
            attestation.tenantId = tenantId;
            attestation.workerId = request.workerId();
            attestation.kind = request.kind();
            attestation.observedAt = request.observedAt();
            attestation.note = request.note();
            attestation.receivedAt = Instant.now();
            attestation.persist();
        }
        String identity = request.kind() + "@" + request.observedAt();
        List<SignalPublisher.Raised> raised = publisher.raise(tenantId, request.workerId(), request.observedAt(),
                List.of(detector.inspect(request.kind(), request.observedAt(), tenantRole, identity)));
        return new Result(attestation.id, request.workerId(), existing != null, raised);
    }
}
