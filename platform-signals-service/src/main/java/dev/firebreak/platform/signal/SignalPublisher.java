package dev.firebreak.platform.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Subject;
import dev.firebreak.kit.messaging.ContractOutbox;
import dev.firebreak.platform.event.Sighting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The messaging edge of platform-signals-service: observations and signals to the outbox. */
@ApplicationScoped
public class SignalPublisher {

    public static final String SOURCE = "platform-signals-service";

    private final ContractOutbox outbox;

    public SignalPublisher(ContractOutbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void observe(String tenantId, Instant observedAt, List<Sighting> sightings) {
        for (Sighting s : sightings) {
            outbox.publish(EntityObservation.of(tenantId, new Subject(s.workerId(), s.accountId(), null),
                    IdentifierType.valueOf(s.type()), s.value(), s.originId(), observedAt, SOURCE));
        }
    }

    public List<JsonNode> signalsForAccount(String tenantId, String accountId) {
        return outbox.signalsAbout(tenantId, Subject.account(accountId));
    }
}
