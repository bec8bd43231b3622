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

    /** A signal as the API reports it: the id, its subject, and whether this request raised it first. */
    public record Raised(java.util.UUID signalId, String code, String severity, String workerId, String partyId,
                         boolean isNew) {
    }

    /**
     * One signal per worker and per payment party the finding concerns; when there are several, they share a
     * {@code groupId}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Raised> raise(String tenantId, Instant observedAt, Finding finding) {
        List<Subject> subjects = new java.util.ArrayList<>();
        finding.workers().forEach(w -> subjects.add(Subject.worker(w)));
        finding.parties().forEach(p -> subjects.add(Subject.party(p)));
        List<Raised> raised = new java.util.ArrayList<>();
        for (Subject subject : subjects) {
            RiskSignal signal = RiskSignal.of(tenantId, subject, finding.code(), finding.confidence(),
                    observedAt, SOURCE, finding.detector(), finding.evidence(), List.of(), finding.triggeringIds());
            if (subjects.size() > 1) {
                signal = signal.withGroupId(MessageIds.groupId(tenantId, finding.code(), finding.detector(),
                        finding.triggeringIds()));
            }
            raised.add(new Raised(signal.signalId(), signal.code(), signal.severity().name(), subject.workerId(),
                    subject.partyId(), outbox.publish(signal)));
        }
        return raised;
    }

    /** Identifiers a payment party used (account, wallet, device), and a worker's party ids. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void observeParty(String tenantId, String partyId, Instant observedAt, List<Sighting> sightings) {
        for (Sighting s : sightings) {
            outbox.publish(EntityObservation.of(tenantId, Subject.party(partyId), IdentifierType.valueOf(s.type()),
                    s.value(), s.originId(), observedAt, SOURCE));
        }
    }

    /** The signals raised about a payment party, as published. */
    public List<JsonNode> signalsForParty(String tenantId, String partyId) {
        return outbox.signalsAbout(tenantId, Subject.party(partyId));
    }

    public List<JsonNode> signalsFor(String tenantId, String workerId) {
        return outbox.signalsAboutWorker(tenantId, workerId);
    }
}
