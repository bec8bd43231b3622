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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
    public record Raised(UUID signalId, String code, String severity, String workerId, String partyId,
                         boolean isNew) {
    }

    /**
     * One signal per worker and per payment party the finding concerns; when there are several, they share a
     * {@code groupId}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Raised> raise(String tenantId, Instant observedAt, Finding finding) {
        List<Raised> raised = new ArrayList<>();
        for (RiskSignal signal : signals(tenantId, observedAt, finding)) {
            raised.add(new Raised(signal.signalId(), signal.code(), signal.severity().name(), signal.subject().workerId(),
                    signal.subject().partyId(), outbox.publish(signal)));
        }
        return raised;
    }

    /**
     * Observations and signals of a whole request gathered, then written to the outbox in one JDBC batch
     * ({@link #flush}); {@link #raise} answers the positions to read back with {@link #raised} after the flush.
     */
    public final class Batch {
        private final List<Object> messages = new ArrayList<>();
        private boolean[] isNew;

        public void observeWorker(String tenantId, String workerId, Instant observedAt, List<Sighting> sightings) {
            observe(tenantId, Subject.worker(workerId), observedAt, sightings);
        }

        public void observeParty(String tenantId, String partyId, Instant observedAt, List<Sighting> sightings) {
            observe(tenantId, Subject.party(partyId), observedAt, sightings);
        }

        private void observe(String tenantId, Subject subject, Instant observedAt, List<Sighting> sightings) {
            for (Sighting s : sightings) {
                messages.add(EntityObservation.of(tenantId, subject, IdentifierType.valueOf(s.type()), s.value(),
                        s.originId(), observedAt, SOURCE));
            }
        }

        public List<Integer> raise(String tenantId, Instant observedAt, Finding finding) {
            List<Integer> positions = new ArrayList<>();
            for (RiskSignal signal : signals(tenantId, observedAt, finding)) {
                positions.add(messages.size());
                messages.add(signal);
            }
            return positions;
        }

        /** Writes everything gathered; call inside the request's transaction (the outbox requires one). */
        public void flush() {
            isNew = outbox.publishAll(messages);
        }

        public List<Raised> raised(List<Integer> positions) {
            return positions.stream().map(i -> {
                RiskSignal signal = (RiskSignal) messages.get(i);
                return new Raised(signal.signalId(), signal.code(), signal.severity().name(), signal.subject().workerId(),
                        signal.subject().partyId(), isNew[i]);
            }).toList();
        }
    }

    public Batch batch() {
        return new Batch();
    }

    /** One signal per worker and per payment party the finding concerns, sharing a groupId when several. */
    private static List<RiskSignal> signals(String tenantId, Instant observedAt, Finding finding) {
        List<Subject> subjects = new ArrayList<>();
        finding.workers().forEach(w -> subjects.add(Subject.worker(w)));
        finding.parties().forEach(p -> subjects.add(Subject.party(p)));
        List<RiskSignal> signals = new ArrayList<>();
        for (Subject subject : subjects) {
            RiskSignal signal = RiskSignal.of(tenantId, subject, finding.code(), finding.confidence(),
                    observedAt, SOURCE, finding.detector(), finding.evidence(), List.of(), finding.triggeringIds());
            if (subjects.size() > 1) {
                signal = signal.withGroupId(MessageIds.groupId(tenantId, finding.code(), finding.detector(),
                        finding.triggeringIds()));
            }
            signals.add(signal);
        }
        return signals;
    }

    /** The signals raised about a payment party, as published. */
    public List<JsonNode> signalsForParty(String tenantId, String partyId) {
        return outbox.signalsAbout(tenantId, Subject.party(partyId));
    }

    public List<JsonNode> signalsFor(String tenantId, String workerId) {
        return outbox.signalsAboutWorker(tenantId, workerId);
    }

    /** The message key of what is published about a worker, and about a party (for an erasure's outbox rows). */
    public static String workerKey(String tenantId, String workerId) {
        return Subject.worker(workerId).messageKey(tenantId);
    }

    public static String partyKey(String tenantId, String partyId) {
        return Subject.party(partyId).messageKey(tenantId);
    }
}
