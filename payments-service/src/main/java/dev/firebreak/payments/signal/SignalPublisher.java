package dev.firebreak.payments.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Subject;
import dev.firebreak.kit.messaging.ContractOutbox;
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

    public List<JsonNode> signalsFor(String tenantId, String workerId) {
        return outbox.signalsAboutWorker(tenantId, workerId);
    }
}
