package dev.firebreak.payments.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
import dev.firebreak.kit.messaging.ContractOutbox;
import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.payout.Sighting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The messaging edge of payments-service: observations and signals to the outbox. */
@ApplicationScoped
public class SignalPublisher {

    public static final String SOURCE = "payments-service";

    private final ContractOutbox outbox;

    public SignalPublisher(ContractOutbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void observe(String tenantId, String workerId, Instant observedAt, List<Sighting> sightings) {
        for (Sighting s : sightings) {
            outbox.publish(EntityObservation.of(tenantId, Subject.worker(workerId), IdentifierType.valueOf(s.type()),
                    s.value(), s.originId(), observedAt, SOURCE));
        }
    }

    /** A signal as the API reports it: the id, and whether this request raised it for the first time. */
    public record Raised(java.util.UUID signalId, String code, String severity, String workerId, boolean isNew) {
    }

    /**
     * One signal per worker the finding concerns; when it concerns several, they share a {@code groupId}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Raised> raise(String tenantId, Instant observedAt, Finding finding) {
        List<Raised> raised = new java.util.ArrayList<>();
        for (String workerId : finding.workers()) {
            RiskSignal signal = RiskSignal.of(tenantId, Subject.worker(workerId), finding.code(), finding.confidence(),
                    observedAt, SOURCE, finding.detector(), finding.evidence(), List.of(), finding.triggeringIds());
            if (finding.workers().size() > 1) {
                signal = signal.withGroupId(MessageIds.groupId(tenantId, finding.code(), finding.detector(),
                        finding.triggeringIds()));
            }
            raised.add(new Raised(signal.signalId(), signal.code(), signal.severity().name(), workerId,
                    outbox.publish(signal)));
        }
        return raised;
    }

    public List<JsonNode> signalsFor(String tenantId, String workerId) {
        return outbox.signalsAboutWorker(tenantId, workerId);
    }
}
